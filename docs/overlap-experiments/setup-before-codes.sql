-- For an A/B of the word-code engine (migration offerings/0006) against the engine before it:
-- the stored title trigram codes and the covering index as they were before 0006, so the
-- earlier engine runs as it did (the planner prefers the narrower index for its statement).
ALTER TABLE offerings_offering
    ADD COLUMN title_trigrams integer[] GENERATED ALWAYS AS (trigram_codes(title)) STORED;
CREATE INDEX offering_local_vocabulary_before ON offerings_offering (quarter_id)
    INCLUDE (id, citywide, topics, target_groups, valid_from, valid_to, city_id) WHERE active;
