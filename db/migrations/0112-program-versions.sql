-- The program definition, one row per version (PUT /v1/program), with who stored it and when. The newest row is the
-- running program; with none, the program shipped in domain/LoyaltyProgram/default-program.json runs (version 0).
CREATE TABLE program_versions
(
    version    integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    definition jsonb       NOT NULL,
    author     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
