-- Fitted population models (BG/NBD + Gamma-Gamma), one row per fit; the highest version is current.
CREATE TABLE clv_models
(
    version   integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    as_of     date        NOT NULL,
    customers integer     NOT NULL,
    -- {"bgnbd":{"r","alpha","a","b","logLikelihood"},"gammaGamma":{"p","q","gamma","customers"}}
    model     jsonb       NOT NULL,
    fitted_at timestamptz NOT NULL DEFAULT now()
);
