-- Version 5: the fusion rule's second version (crates/store/src/fuse.rs): link keys are
-- the unordered pair of an event's two parties and its day, whatever its type. The
-- fused events of the first rule are dropped; the next ingest or `annalist fuse` fuses
-- every stored document again, as after the upgrade to version 3.

DELETE FROM fusion_keys;
DELETE FROM fused_mentions;
DELETE FROM fused_events;
UPDATE fusion_state SET through = 0;
