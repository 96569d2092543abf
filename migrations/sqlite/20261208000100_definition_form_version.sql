-- The version of the start form a process version was deployed with. A form edited later is a
-- new version of the form; process versions deployed before keep rendering and validating the
-- version they were deployed with ("start failed because the form changed" cannot happen).
-- Definitions deployed before this column existed are pinned to the form's current version.
ALTER TABLE process_definitions ADD COLUMN form_version INTEGER;
UPDATE process_definitions
   SET form_version = (SELECT latest_version FROM forms WHERE forms.form_id = process_definitions.form_id)
 WHERE form_id IS NOT NULL;
