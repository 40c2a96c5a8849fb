-- A province's own server (compose profile "province"): its registry's and awards' databases.
CREATE DATABASE registry;
CREATE DATABASE awards;
