-- Stored columns and indexes the experiment patches need, added to a scratch copy of the
-- benchmark catalogue (run by ab.py; never a migration of the product).
CREATE FUNCTION lexeme_bit(text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ((get_byte(h, 0) << 8) | get_byte(h, 1)) & 511 FROM sha256(convert_to($1, 'UTF8')) AS h
$$;
CREATE FUNCTION lexeme_bits(tsvector) RETURNS bit(512)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(bit_or(set_bit(repeat('0', 512)::bit(512), lexeme_bit(lexeme), 1)),
        repeat('0', 512)::bit(512))
    FROM unnest(tsvector_to_array($1)) AS lexeme
$$;
ALTER TABLE offerings_offering
    ADD COLUMN title_lexeme_bits bit(512) GENERATED ALWAYS AS (
        lexeme_bits(to_tsvector('german_unaccent'::regconfig, COALESCE(title, '')))) STORED,
    ADD COLUMN lexeme_bits bit(512) GENERATED ALWAYS AS (lexeme_bits(
        to_tsvector('german_unaccent'::regconfig, COALESCE(title, ''))
        || to_tsvector('german_unaccent'::regconfig, COALESCE(description, ''))
        || to_tsvector('german_unaccent'::regconfig, COALESCE(provider, '')))) STORED;
-- The product's index stays for the code on main; the wider ones serve the patches.
CREATE INDEX offering_local_signatures ON offerings_offering (quarter_id)
    INCLUDE (id, citywide, topics, target_groups, valid_from, valid_to, city_id,
             title_trigrams, title_lexeme_bits, lexeme_bits) WHERE active;
CREATE INDEX offering_local_vector ON offerings_offering (quarter_id)
    INCLUDE (id, citywide, topics, target_groups, valid_from, valid_to, city_id,
             title_trigrams, search_vector) WHERE active;
