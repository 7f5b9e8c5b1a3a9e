-- Personal data: national ID numbers and birth dates sealed at rest (AES-256-GCM under a key derived
-- from the master key; the application seals and opens them, so the database never holds the
-- plaintext), the learner's group from the school's register, and anonymisation.

ALTER TABLE learner_profiles
  -- "v1." + base64url(iv | tag | ciphertext), bound to the school and the learner (see people/personal-crypto.ts)
  ADD COLUMN date_of_birth_sealed text,
  ADD COLUMN national_id_sealed text,
  -- the class or group the learner belongs to, as the school's register names it ("MT-21")
  ADD COLUMN group_name text NOT NULL DEFAULT '';

-- The plain birth date stays only until start-up seals it (a migration cannot: it has no key); from
-- then on it is always NULL and only the sealed column is written.
COMMENT ON COLUMN learner_profiles.date_of_birth IS 'legacy plaintext: sealed into date_of_birth_sealed at start-up';

-- When the person's data was replaced by a pseudonym (retention period over); never undone.
ALTER TABLE users ADD COLUMN anonymised_at timestamptz;
