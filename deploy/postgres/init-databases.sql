-- One PostgreSQL server, one database per service: services share no tables, only topics.
CREATE DATABASE ingest;
CREATE DATABASE scoring;
CREATE DATABASE query;
