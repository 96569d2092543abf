-- Who saved each version of a form, for the designer's version list ("who saved when").
-- Versions saved before this column existed have no author on record (NULL), shown as such.
ALTER TABLE form_versions ADD COLUMN created_by TEXT;
