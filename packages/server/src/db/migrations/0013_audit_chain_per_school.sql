-- The audit log's hash chain, one per school (and one for the entries that name no school) from now
-- on. One chain for the whole deployment made every audited write wait for the previous one's
-- commit, its WAL flush included, so audited writes (a learner's diary entry, say) went one at a time
-- across all schools; decision 006 foresaw this. The entries written so far stay in the one chain,
-- whose head (audit_chain_head) is frozen here; each school's chain starts from its last hash, so the
-- old chain and every new one verify as one history (see verifyAuditChain).
CREATE TABLE audit_chain_heads (
  -- the school's id, or the nil uuid for entries that name no school
  chain_key uuid PRIMARY KEY,
  last_id bigint NOT NULL,
  last_hash text NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON audit_chain_heads TO tilts_app;
-- The old head no longer moves.
REVOKE UPDATE ON audit_chain_head FROM tilts_app;
