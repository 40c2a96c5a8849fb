-- One database per service (each service owns its data).
CREATE DATABASE registry;
CREATE DATABASE awards;
CREATE DATABASE reporting;
