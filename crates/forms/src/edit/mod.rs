//! Tree edits of a form designer: finding, inserting, removing, moving and copying fields in
//! a [`FormSchema`], and making new fields with defaults the checker accepts.
//!
//! Every edit keeps to the rules of [`crate::check()`] and of the JSON reader the server
//! uses ([`crate::parse`]) that a drag-and-drop can break: sub-table columns must be value
//! fields, containers nest at most [`MAX_NESTING`] deep, a form has at most [`MAX_FIELDS`]
//! fields, keys (and sub-table total keys) are unique. An edit that would break one is
//! refused with an [`EditError`] and leaves the schema as it was. What an edit cannot know
//! is left to the checker: rules naming fields that a move takes out of their scope (a
//! sub-table column's `${price * qty}` moved out of its table), or a `visibleWhen` on a
//! field moved into a sub-table.
//!
//! Fields are named by key; a list of fields by its [`Parent`]. Paths are the checker's
//! (`fields[2].columns[0].fields[1]`), so a [`crate::SchemaProblem`] can be matched to the
//! field it is about ([`path_of`]).

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use woc_expr::Expression;

use crate::check::{is_valid_key, MAX_FIELDS, MAX_NESTING};
use crate::schema::{
    Choice, Choices, Column, Field, FormSchema, SubTable, Tab, Upload, ValueKind, Widget,
    TOTAL_SUFFIX,
};

/// Where a list of fields sits: the form's top level, or the `index`th list inside the
/// container field `key` (grid column `index`, tab `index`; always 0 for a group's and a
/// sub-table's fields).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Parent {
    /// The form's top-level fields.
    Root,
    /// A list inside the container (or sub-table) `key`.
    In {
        /// The container's key.
        key: String,
        /// Which of its lists: the grid column or tab; 0 for a group or a sub-table.
        index: usize,
    },
}

/// A position: a parent list and an index in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The list.
    pub parent: Parent,
    /// The index in the list (0: first).
    pub index: usize,
}

/// Why an edit was refused. The schema is left unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The key is not in the schema.
    #[error("no field has this key")]
    NoSuchField,
    /// The parent's key is missing, is no container or sub-table, or its list index is out
    /// of range.
    #[error("no such list of fields")]
    NoSuchParent,
    /// A container moved into one of its own lists (or into a list inside them).
    #[error("a field cannot go inside itself")]
    IntoItself,
    /// Into a sub-table, a field that holds no value or a list of rows (a container, static
    /// text, a divider, a sub-table): the checker's `not_a_column`. Also anything into a
    /// list nested in a sub-table, which is no place for a field at all.
    #[error("a sub-table column must be a value field")]
    NotAColumn,
    /// The field's lists would be nested deeper than [`MAX_NESTING`] containers, which the
    /// server's reader refuses (`too_deep`).
    #[error("containers nested too deep")]
    TooDeep,
    /// The form would have more than [`MAX_FIELDS`] fields (`too_many_fields`).
    #[error("too many fields")]
    TooManyFields,
    /// The inserted field (or a field inside it, or its sub-table's total key) has a key
    /// the schema already uses (`duplicate_key`).
    #[error("a key is already used")]
    DuplicateKey,
}

/// Whether a list is inside a sub-table: the checker takes only value fields as a
/// sub-table's columns, and nothing nested deeper is a place for a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inside {
    Form,
    Table,
    DeepInTable,
}

/// One list of fields in the tree, with what the rules need to know about it.
#[derive(Debug, Clone)]
struct Spot {
    parent: Parent,
    /// The checker's path of the list (`fields[2].columns[0].fields`).
    path: String,
    /// Containers above the list (0: the top level); the reader's depth.
    depth: usize,
    /// Keys of the containers above, from the top.
    chain: Vec<String>,
    inside: Inside,
    /// How to reach the list from the top: (index of the container in its list, index of
    /// the list in the container), so a list is found mutably without searching again.
    route: Vec<(usize, usize)>,
}

impl Spot {
    fn root() -> Spot {
        Spot {
            parent: Parent::Root,
            path: "fields".into(),
            depth: 0,
            chain: Vec::new(),
            inside: Inside::Form,
            route: Vec::new(),
        }
    }

    /// The spot of the `j`th list of `field`, the `i`th field of this list.
    fn child(&self, i: usize, field: &Field, j: usize) -> Option<Spot> {
        let segment = match &field.widget {
            Widget::Grid { columns } if j < columns.len() => format!("columns[{j}].fields"),
            Widget::Tabs { tabs } if j < tabs.len() => format!("tabs[{j}].fields"),
            Widget::Group { .. } | Widget::SubTable(_) if j == 0 => "fields".to_string(),
            _ => return None,
        };
        let inside = match (self.inside, &field.widget) {
            (Inside::Form, Widget::SubTable(_)) => Inside::Table,
            (Inside::Form, _) => Inside::Form,
            _ => Inside::DeepInTable,
        };
        let mut chain = self.chain.clone();
        chain.push(field.key.clone());
        let mut route = self.route.clone();
        route.push((i, j));
        Some(Spot {
            parent: Parent::In {
                key: field.key.clone(),
                index: j,
            },
            path: format!("{}[{i}].{segment}", self.path),
            depth: self.depth + 1,
            chain,
            inside,
            route,
        })
    }
}

/// Visits every list of the tree in display order (a list, then the lists inside each of its
/// fields in turn); stops when `visit` answers false. Answers false when stopped.
fn each_list<'a>(
    spot: Spot,
    fields: &'a [Field],
    visit: &mut dyn FnMut(&Spot, &'a [Field]) -> bool,
) -> bool {
    if !visit(&spot, fields) {
        return false;
    }
    for (i, field) in fields.iter().enumerate() {
        for (j, list) in field.widget.children().into_iter().enumerate() {
            if let Some(child) = spot.child(i, field, j) {
                if !each_list(child, list, visit) {
                    return false;
                }
            }
        }
    }
    true
}

/// Where a field is: its list and its index there (the first in display order, should a
/// broken schema have a key twice).
fn locate(schema: &FormSchema, key: &str) -> Option<(Spot, usize)> {
    let mut found = None;
    each_list(
        Spot::root(),
        &schema.fields,
        &mut |spot, fields| match fields.iter().position(|f| f.key == key) {
            Some(i) => {
                found = Some((spot.clone(), i));
                false
            }
            None => true,
        },
    );
    found
}

/// The spot of a parent list, if it exists.
fn spot_of(schema: &FormSchema, parent: &Parent) -> Option<Spot> {
    match parent {
        Parent::Root => Some(Spot::root()),
        Parent::In { key, index } => {
            let (spot, i) = locate(schema, key)?;
            let field = list_at(schema, &spot.route)?.get(i)?;
            spot.child(i, field, *index)
        }
    }
}

fn child_list(widget: &Widget, j: usize) -> Option<&Vec<Field>> {
    match widget {
        Widget::Grid { columns } => columns.get(j).map(|c| &c.fields),
        Widget::Tabs { tabs } => tabs.get(j).map(|t| &t.fields),
        Widget::Group { fields, .. } if j == 0 => Some(fields),
        Widget::SubTable(table) if j == 0 => Some(&table.fields),
        _ => None,
    }
}

fn child_list_mut(widget: &mut Widget, j: usize) -> Option<&mut Vec<Field>> {
    match widget {
        Widget::Grid { columns } => columns.get_mut(j).map(|c| &mut c.fields),
        Widget::Tabs { tabs } => tabs.get_mut(j).map(|t| &mut t.fields),
        Widget::Group { fields, .. } if j == 0 => Some(fields),
        Widget::SubTable(table) if j == 0 => Some(&mut table.fields),
        _ => None,
    }
}

fn list_at<'a>(schema: &'a FormSchema, route: &[(usize, usize)]) -> Option<&'a Vec<Field>> {
    let mut list = &schema.fields;
    for &(i, j) in route {
        list = child_list(&list.get(i)?.widget, j)?;
    }
    Some(list)
}

fn list_at_mut<'a>(
    schema: &'a mut FormSchema,
    route: &[(usize, usize)],
) -> Option<&'a mut Vec<Field>> {
    let mut list = &mut schema.fields;
    for &(i, j) in route {
        list = child_list_mut(&mut list.get_mut(i)?.widget, j)?;
    }
    Some(list)
}

/// The fields of a parent list, or `None` when there is no such list.
pub fn fields<'a>(schema: &'a FormSchema, parent: &Parent) -> Option<&'a [Field]> {
    let spot = spot_of(schema, parent)?;
    list_at(schema, &spot.route).map(Vec::as_slice)
}

/// The field with `key` anywhere in the tree.
pub fn field<'a>(schema: &'a FormSchema, key: &str) -> Option<&'a Field> {
    let (spot, i) = locate(schema, key)?;
    list_at(schema, &spot.route)?.get(i)
}

/// The field with `key` anywhere in the tree, to change it in place (its label, rules...;
/// changing its key or its widget's kind is the caller's business and may make the schema
/// one the checker refuses).
pub fn field_mut<'a>(schema: &'a mut FormSchema, key: &str) -> Option<&'a mut Field> {
    let (spot, i) = locate(schema, key)?;
    list_at_mut(schema, &spot.route)?.get_mut(i)
}

/// Where the field with `key` is.
pub fn place_of(schema: &FormSchema, key: &str) -> Option<Place> {
    locate(schema, key).map(|(spot, index)| Place {
        parent: spot.parent,
        index,
    })
}

/// The checker's path of a field: `fields[2].columns[0].fields[1]` (so a
/// [`crate::SchemaProblem`]'s path can be matched to a field: it equals the path or starts
/// with the path and a `.`).
pub fn path_of(schema: &FormSchema, key: &str) -> Option<String> {
    locate(schema, key).map(|(spot, i)| format!("{}[{i}]", spot.path))
}

/// The keys of the containers a parent list is in, from the top down, the list's own
/// container last (empty for [`Parent::Root`]); `None` when there is no such list. For
/// wording a place ("分组 › 栅格 第 2 列").
pub fn chain_of(schema: &FormSchema, parent: &Parent) -> Option<Vec<String>> {
    spot_of(schema, parent).map(|spot| spot.chain)
}

/// Whether the field holds a value the checker takes as a sub-table column.
fn is_column(field: &Field) -> bool {
    !matches!(field.widget.value_kind(), None | Some(ValueKind::Rows))
}

/// How many levels of lists a field holds: 0 for a value field, 1 for a container of value
/// fields, ...
fn height(field: &Field) -> usize {
    field
        .widget
        .children()
        .iter()
        .map(|list| 1 + list.iter().map(height).max().unwrap_or(0))
        .max()
        .unwrap_or(0)
}

/// The field and every field inside it.
fn count(field: &Field) -> usize {
    1 + field
        .widget
        .children()
        .iter()
        .flat_map(|list| list.iter())
        .map(count)
        .sum::<usize>()
}

/// Whether `field` may go into the list at `spot`, by the checker's and the reader's rules.
fn placeable(spot: &Spot, field: &Field) -> Result<(), EditError> {
    match spot.inside {
        Inside::Form => {}
        Inside::Table if is_column(field) => {}
        Inside::Table | Inside::DeepInTable => return Err(EditError::NotAColumn),
    }
    // The reader refuses a list nested more than MAX_NESTING containers deep.
    if spot.depth + height(field) > MAX_NESTING {
        return Err(EditError::TooDeep);
    }
    Ok(())
}

/// Whether `field` may go into `parent`: the list exists; into a sub-table, only a value
/// field that is no sub-table (the checker's `not_a_column`: no container, static text,
/// divider or sub-table); and the containers inside `field` would not nest deeper than
/// [`MAX_NESTING`]. A `visibleWhen` on a field dropped into a sub-table is not refused here:
/// the checker names it, and the designer can remove the rule.
pub fn accepts(schema: &FormSchema, parent: &Parent, field: &Field) -> bool {
    spot_of(schema, parent).is_some_and(|spot| placeable(&spot, field).is_ok())
}

/// The keys the checker claims for these fields and everything inside them: each field's
/// key (when valid: a bad key is its own problem) and `<key>_total` for a sub-table with
/// totals.
fn claims(fields: &[Field], out: &mut Vec<String>) {
    for field in fields {
        if is_valid_key(&field.key) {
            out.push(field.key.clone());
        }
        if let Widget::SubTable(table) = &field.widget {
            if !table.total_of.is_empty() {
                out.push(format!("{}{TOTAL_SUFFIX}", field.key));
            }
        }
        for list in field.widget.children() {
            claims(list, out);
        }
    }
}

/// Inserts `field` at `place` (the index clamped to the list's length). Refuses a missing
/// list, what [`accepts`] refuses, a key (of the field or inside it) the schema already
/// uses, and more than [`MAX_FIELDS`] fields.
pub fn insert(schema: &mut FormSchema, place: &Place, field: Field) -> Result<(), EditError> {
    let spot = spot_of(schema, &place.parent).ok_or(EditError::NoSuchParent)?;
    placeable(&spot, &field)?;
    let mut existing = Vec::new();
    claims(&schema.fields, &mut existing);
    let existing: HashSet<String> = existing.into_iter().collect();
    let mut new = Vec::new();
    claims(std::slice::from_ref(&field), &mut new);
    let mut seen = HashSet::new();
    if new
        .iter()
        .any(|k| existing.contains(k) || !seen.insert(k.as_str()))
    {
        return Err(EditError::DuplicateKey);
    }
    let total: usize = schema.fields.iter().map(count).sum();
    if total + count(&field) > MAX_FIELDS {
        return Err(EditError::TooManyFields);
    }
    let list = list_at_mut(schema, &spot.route).ok_or(EditError::NoSuchParent)?;
    let index = place.index.min(list.len());
    list.insert(index, field);
    Ok(())
}

/// Drops `column` from the totals of the sub-table `parent` when it is no longer one of its
/// columns: the checker refuses `totalOf` naming anything else.
fn drop_total(schema: &mut FormSchema, parent: &Parent, column: &str) {
    let Parent::In { key, .. } = parent else {
        return;
    };
    if let Some(Field {
        widget: Widget::SubTable(table),
        ..
    }) = field_mut(schema, key)
    {
        if !table.fields.iter().any(|f| f.key == column) {
            table.total_of.retain(|k| k != column);
        }
    }
}

/// Removes the field (with everything inside it); answers it and where it was. A sub-table
/// column is also dropped from its table's `totalOf`.
pub fn remove(schema: &mut FormSchema, key: &str) -> Option<(Field, Place)> {
    let (spot, index) = locate(schema, key)?;
    let list = list_at_mut(schema, &spot.route)?;
    if index >= list.len() {
        return None;
    }
    let field = list.remove(index);
    if spot.inside == Inside::Table {
        drop_total(schema, &spot.parent, key);
    }
    Some((
        field,
        Place {
            parent: spot.parent,
            index,
        },
    ))
}

/// Moves a field to `place`, whose index is counted in the target list as it is BEFORE the
/// move (what a drop indicator shows: "before the 3rd item"); in the field's own list the
/// index is adjusted, so moving item 0 to index 2 puts it between the old items 1 and 2.
/// The index is clamped to the list's length. Refuses [`EditError::IntoItself`],
/// [`EditError::NotAColumn`], [`EditError::TooDeep`] and [`EditError::NoSuchParent`], leaving
/// the schema unchanged. A column moved out of a sub-table leaves its `totalOf`.
pub fn move_to(schema: &mut FormSchema, key: &str, place: &Place) -> Result<(), EditError> {
    let (from, from_index) = locate(schema, key).ok_or(EditError::NoSuchField)?;
    if let Parent::In { key: target, .. } = &place.parent {
        let inside_itself = target == key
            || locate(schema, target).is_some_and(|(spot, _)| spot.chain.iter().any(|k| k == key));
        if inside_itself {
            return Err(EditError::IntoItself);
        }
    }
    let to = spot_of(schema, &place.parent).ok_or(EditError::NoSuchParent)?;
    let moving = list_at(schema, &from.route)
        .and_then(|list| list.get(from_index))
        .ok_or(EditError::NoSuchField)?;
    placeable(&to, moving)?;
    let same_list = from.route == to.route;
    let mut index = place.index;
    if same_list && from_index < index {
        index -= 1;
    }
    let source = list_at_mut(schema, &from.route).ok_or(EditError::NoSuchField)?;
    let moved = source.remove(from_index);
    // Taking the field out may shift the target container in a list above it, so the
    // target is found again by key (it is not inside the field: refused above).
    let target = spot_of(schema, &place.parent).map(|spot| spot.route);
    match target.and_then(|route| list_at_mut(schema, &route)) {
        Some(target) => {
            let index = index.min(target.len());
            target.insert(index, moved);
        }
        None => {
            // Not expected (checked above); put the field back rather than lose it.
            if let Some(source) = list_at_mut(schema, &from.route) {
                source.insert(from_index.min(source.len()), moved);
            }
            return Err(EditError::NoSuchParent);
        }
    }
    if from.inside == Inside::Table {
        drop_total(schema, &from.parent, key);
    }
    Ok(())
}

/// Moves a field `delta` steps within its own list: -1 up, +1 down (Alt+Up/Down). False at
/// the ends, for a `delta` of 0, or for an unknown key.
pub fn shift(schema: &mut FormSchema, key: &str, delta: isize) -> bool {
    let Some((spot, index)) = locate(schema, key) else {
        return false;
    };
    let Some(list) = list_at_mut(schema, &spot.route) else {
        return false;
    };
    let Some(target) = index.checked_add_signed(delta) else {
        return false;
    };
    if delta == 0 || target >= list.len() {
        return false;
    }
    let moved = list.remove(index);
    list.insert(target, moved);
    true
}

/// The keys a new key must not be: every key, and the total key of every sub-table (even
/// one without totals yet: they may be added later).
struct Taken {
    keys: HashSet<String>,
    tables: HashSet<String>,
}

impl Taken {
    fn of(schema: &FormSchema) -> Taken {
        let mut taken = Taken {
            keys: HashSet::new(),
            tables: HashSet::new(),
        };
        for field in schema.walk() {
            taken.add(field);
        }
        taken
    }

    fn add(&mut self, field: &Field) {
        self.keys.insert(field.key.clone());
        if matches!(field.widget, Widget::SubTable(_)) {
            self.tables.insert(field.key.clone());
        }
    }

    fn has(&self, candidate: &str) -> bool {
        self.keys.contains(candidate)
            || candidate
                .strip_suffix(TOTAL_SUFFIX)
                .is_some_and(|table| self.tables.contains(table))
            // Were the new field a sub-table with totals, its total key must be free too.
            || self.keys.contains(&format!("{candidate}{TOTAL_SUFFIX}"))
    }

    fn fresh(&self, type_name: &str, seed: &mut dyn FnMut() -> u32) -> String {
        let mut prefix: String = type_name_camel(type_name)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(32)
            .collect();
        if !prefix.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            prefix.insert_str(0, "field");
        }
        let mut candidate = String::new();
        for _ in 0..1000 {
            candidate = format!("{prefix}{:05}", seed() % 100_000);
            if !self.has(&candidate) {
                return candidate;
            }
        }
        // Every seed clashed (a broken seed source, or a crowded form): more digits. Each
        // taken key blocks at most three candidates, so a free one comes within
        // 3 × keys + 1 tries.
        (1u64..)
            .map(|n| format!("{candidate}{n}"))
            .find(|c| !self.has(c))
            .unwrap_or(candidate)
    }
}

/// A type name in lowerCamelCase, as form-generator writes it: `date_range` → `dateRange`,
/// `sub_table` → `subTable`, `input` → `input` (an already camel-cased name is kept).
pub fn type_name_camel(type_name: &str) -> String {
    let mut out = String::with_capacity(type_name.len());
    let mut upper = false;
    for c in type_name.chars() {
        if c == '_' || c == '-' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else if out.is_empty() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A key not used in the schema (nor as a sub-table's total key `<key>_total`, nor one
/// whose `<key>_total` is used), in form-generator style: the widget's type name in
/// lowerCamelCase (`input`, `dateRange`, `subTable`, `imageUpload`) followed by 5 digits of
/// `seed()` (`seed() % 100000`, zero padded). On a clash the next `seed()` is taken; after
/// 1000 clashes, digits are appended until the key is free, so it always ends. Always a
/// valid key ([`crate::is_valid_key`]), whatever `type_name` is.
pub fn fresh_key(schema: &FormSchema, type_name: &str, seed: &mut dyn FnMut() -> u32) -> String {
    Taken::of(schema).fresh(type_name, seed)
}

/// Gives `field` and everything inside it fresh keys, recording each `(old, new)`; a
/// sub-table's `totalOf` follows its columns' new keys.
fn rekey(
    field: &mut Field,
    taken: &mut Taken,
    seed: &mut dyn FnMut() -> u32,
    renames: &mut Vec<(String, String)>,
) {
    let old = std::mem::take(&mut field.key);
    field.key = taken.fresh(field.widget.type_name(), seed);
    taken.add(field);
    if let Widget::SubTable(table) = &field.widget {
        if !table.total_of.is_empty() {
            renames.push((
                format!("{old}{TOTAL_SUFFIX}"),
                format!("{}{TOTAL_SUFFIX}", field.key),
            ));
        }
    }
    renames.push((old, field.key.clone()));
    let mut j = 0;
    while let Some(list) = child_list_mut(&mut field.widget, j) {
        for child in list.iter_mut() {
            rekey(child, taken, seed, renames);
        }
        j += 1;
    }
    if let Widget::SubTable(table) = &mut field.widget {
        let own: HashMap<&str, &str> = renames
            .iter()
            .filter(|(_, new)| table.fields.iter().any(|f| &f.key == new))
            .map(|(old, new)| (old.as_str(), new.as_str()))
            .collect();
        for key in &mut table.total_of {
            if let Some(new) = own.get(key.as_str()) {
                *key = (*new).to_string();
            }
        }
    }
}

/// `text` with the variables in `renames` renamed, or `text` itself when it does not parse,
/// names none of them, or the renaming cannot be proven right (the renamed text must parse
/// and read exactly the renamed variables).
fn rename_variables(text: &str, renames: &HashMap<&str, &str>) -> String {
    let Ok(old) = Expression::parse(text) else {
        return text.to_string();
    };
    let old_names = old.identifiers();
    if !old_names.iter().any(|n| renames.contains_key(n.as_str())) {
        return text.to_string();
    }
    let expected: Vec<String> = old_names
        .iter()
        .map(|n| renames.get(n.as_str()).map_or(n.clone(), |r| r.to_string()))
        .collect();
    let candidate = rename_tokens(text, renames);
    match Expression::parse(&candidate) {
        Ok(new) if new.identifiers() == expected => candidate,
        _ => text.to_string(),
    }
}

/// Renames identifier tokens inside `${...}` / `#{...}`, leaving strings, numbers and
/// properties (`a.b`: `b`) alone. A plain scan, checked by [`rename_variables`].
fn rename_tokens(text: &str, renames: &HashMap<&str, &str>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut in_eval = false;
    let mut after_dot = false;
    while let Some(&c) = chars.get(i) {
        if !in_eval {
            let opens = chars.get(i + 1) == Some(&'{');
            if c == '\\'
                && matches!(chars.get(i + 1), Some('$' | '#'))
                && chars.get(i + 2) == Some(&'{')
            {
                out.extend(&chars[i..i + 3]);
                i += 3;
            } else if matches!(c, '$' | '#') && opens {
                out.push(c);
                out.push('{');
                i += 2;
                in_eval = true;
                after_dot = false;
            } else {
                out.push(c);
                i += 1;
            }
            continue;
        }
        match c {
            '}' => {
                out.push(c);
                i += 1;
                in_eval = false;
            }
            '\'' | '"' => {
                out.push(c);
                i += 1;
                while let Some(&d) = chars.get(i) {
                    out.push(d);
                    i += 1;
                    if d == '\\' {
                        if let Some(&e) = chars.get(i) {
                            out.push(e);
                            i += 1;
                        }
                    } else if d == c {
                        break;
                    }
                }
                after_dot = false;
            }
            a if a.is_alphabetic() || a == '_' || a == '$' => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|ch| ch.is_alphanumeric() || *ch == '_' || *ch == '$')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                match renames.get(word.as_str()) {
                    Some(new) if !after_dot => out.push_str(new),
                    _ => out.push_str(&word),
                }
                after_dot = false;
            }
            d if d.is_ascii_digit() => {
                while chars
                    .get(i)
                    .is_some_and(|ch| ch.is_ascii_alphanumeric() || *ch == '.')
                {
                    out.push(chars[i]);
                    i += 1;
                }
                after_dot = false;
            }
            other => {
                out.push(other);
                i += 1;
                if !other.is_whitespace() {
                    after_dot = other == '.';
                }
            }
        }
    }
    out
}

/// Renames variables in the rules of `field` and everything inside it.
fn rename_rules(field: &mut Field, renames: &HashMap<&str, &str>) {
    for rule in [
        &mut field.visible_when,
        &mut field.required_when,
        &mut field.computed,
    ]
    .into_iter()
    .flatten()
    {
        *rule = rename_variables(rule, renames);
    }
    let mut j = 0;
    while let Some(list) = child_list_mut(&mut field.widget, j) {
        for child in list.iter_mut() {
            rename_rules(child, renames);
        }
        j += 1;
    }
}

/// Puts a copy of the field right after it, with fresh keys ([`fresh_key`], from `seed`)
/// for it and every field inside it; answers the copy's key. Inside the copy, references to
/// copied fields follow them: a copied sub-table's `totalOf` names its copied columns, and
/// rules of copied fields (`visibleWhen`, `requiredWhen`, `computed`) that name copied
/// fields name their copies (a copied sub-table's `${price * qty}` reads the copy's
/// columns, as the checker requires). `None` for an unknown key or when the copy would
/// make more than [`MAX_FIELDS`] fields.
pub fn duplicate(
    schema: &mut FormSchema,
    key: &str,
    seed: &mut dyn FnMut() -> u32,
) -> Option<String> {
    let (spot, index) = locate(schema, key)?;
    let original = list_at(schema, &spot.route)?.get(index)?;
    let total: usize = schema.fields.iter().map(count).sum();
    if total + count(original) > MAX_FIELDS {
        return None;
    }
    let mut copy = original.clone();
    let mut taken = Taken::of(schema);
    let mut renames = Vec::new();
    rekey(&mut copy, &mut taken, seed, &mut renames);
    let map: HashMap<&str, &str> = renames
        .iter()
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();
    rename_rules(&mut copy, &map);
    let new_key = copy.key.clone();
    let list = list_at_mut(schema, &spot.route)?;
    list.insert((index + 1).min(list.len()), copy);
    Some(new_key)
}

/// A new field of the widget `type_name` (one of [`Widget::TYPE_NAMES`]) labelled `label`,
/// with a fresh key ([`fresh_key`]) and the defaults a designer gives, all of which the
/// checker and the reader accept:
///
/// - select, radio, checkbox: options `option_label(1)` = `"1"`, `option_label(2)` = `"2"`;
///   cascader: one option `option_label(1)` = `"1"` with one child `option_label(1)` = `"1"`
///   (values are unique per level);
/// - rate: 5 stars; slider: 0 to 100, step 1; number: precision 0; amount: CNY; uploads:
///   [`Upload::default`];
/// - static text: the text is `label`;
/// - grid: two empty columns of span 12; group: not collapsed, no fields; sub-table: no
///   columns, 0 to 50 rows, no totals (the checker accepts empty containers and an empty
///   sub-table);
/// - tabs: two empty tabs labelled `option_label(1)`, `option_label(2)`: the caller knows
///   which type it asks for, so it passes a closure wording tabs (`标签页1`) for `tabs`.
///
/// `None` for an unknown type name.
pub fn new_field(
    schema: &FormSchema,
    type_name: &str,
    label: &str,
    seed: &mut dyn FnMut() -> u32,
    option_label: &dyn Fn(usize) -> String,
) -> Option<Field> {
    let option = |n: usize| Choice {
        label: option_label(n),
        value: Value::String(n.to_string()),
        children: Vec::new(),
    };
    let two_options = || Some(Choices::Static(vec![option(1), option(2)]));
    let mut options = None;
    let widget = match type_name {
        "input" => Widget::Input,
        "textarea" => Widget::Textarea,
        "number" => Widget::Number {
            precision: 0,
            unit: None,
        },
        "amount" => Widget::Amount {
            currency: "CNY".into(),
        },
        "select" => {
            options = two_options();
            Widget::Select {
                multiple: false,
                searchable: false,
            }
        }
        "radio" => {
            options = two_options();
            Widget::Radio
        }
        "checkbox" => {
            options = two_options();
            Widget::Checkbox
        }
        "switch" => Widget::Switch,
        "date" => Widget::Date,
        "date_range" => Widget::DateRange,
        "time" => Widget::Time,
        "time_range" => Widget::TimeRange,
        "date_time" => Widget::DateTime,
        "cascader" => {
            let mut parent = option(1);
            parent.children.push(option(1));
            options = Some(Choices::Static(vec![parent]));
            Widget::Cascader
        }
        "rate" => Widget::Rate { max: 5 },
        "slider" => Widget::Slider {
            min: 0.0,
            max: 100.0,
            step: 1.0,
        },
        "color" => Widget::Color,
        "image_upload" => Widget::ImageUpload(Upload::default()),
        "file_upload" => Widget::FileUpload(Upload::default()),
        "signature" => Widget::Signature,
        "rich_text" => Widget::RichText,
        "user_picker" => Widget::UserPicker { multiple: false },
        "dept_picker" => Widget::DeptPicker { multiple: false },
        "static_text" => Widget::StaticText {
            text: label.to_string(),
        },
        "divider" => Widget::Divider,
        "grid" => Widget::Grid {
            columns: (0..2)
                .map(|_| Column {
                    span: 12,
                    fields: Vec::new(),
                })
                .collect(),
        },
        "tabs" => Widget::Tabs {
            tabs: (1..=2)
                .map(|n| Tab {
                    label: option_label(n),
                    fields: Vec::new(),
                })
                .collect(),
        },
        "group" => Widget::Group {
            collapsed: false,
            fields: Vec::new(),
        },
        "sub_table" => Widget::SubTable(SubTable {
            fields: Vec::new(),
            min_rows: 0,
            max_rows: 50,
            total_of: Vec::new(),
        }),
        _ => return None,
    };
    let mut field = Field::new(fresh_key(schema, type_name, seed), widget).label(label);
    field.options = options;
    Some(field)
}

/// Every parent list the field `key` could be moved to, in display order (the top level
/// first, then depth first: a list, then the lists inside each of its fields): those that
/// [`accepts`] the field and are not inside the field itself. Its own list is one of them.
/// [`chain_of`] gives the containers each is in, for wording. Empty for an unknown key.
pub fn parents_for(schema: &FormSchema, key: &str) -> Vec<Parent> {
    let Some(moving) = field(schema, key) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    each_list(Spot::root(), &schema.fields, &mut |spot, _| {
        if !spot.chain.iter().any(|k| k == key) && placeable(spot, moving).is_ok() {
            out.push(spot.parent.clone());
        }
        true
    });
    out
}

/// A fingerprint of a field's whole content (FNV-1a 64 of its JSON text), so a view keyed
/// by (key, fingerprint) draws again only the fields that changed.
pub fn fingerprint(field: &Field) -> u64 {
    // Serializing these types cannot fail (string keys, finite or null numbers); an empty
    // text would only make every field look alike, never crash.
    fnv1a(serde_json::to_string(field).unwrap_or_default().as_bytes())
}

/// FNV-1a, 64 bits: small, no dependency, the same on the server and in the browser.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
