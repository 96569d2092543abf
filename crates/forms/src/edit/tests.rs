//! The designer's tree edits, each checked against the server's own checks.

use serde_json::json;

use super::*;
use crate::{check, parse, SchemaProblemKind};

fn counter() -> impl FnMut() -> u32 {
    let mut n = 0u32;
    move || {
        n += 1;
        n
    }
}

fn numbered(n: usize) -> String {
    format!("选项{n}")
}

fn input(key: &str) -> Field {
    Field::new(key, Widget::Input)
}

fn number(key: &str) -> Field {
    Field::new(
        key,
        Widget::Number {
            precision: 0,
            unit: None,
        },
    )
}

fn grid(key: &str, columns: Vec<Vec<Field>>) -> Field {
    Field::new(
        key,
        Widget::Grid {
            columns: columns
                .into_iter()
                .map(|fields| Column { span: 12, fields })
                .collect(),
        },
    )
}

fn tabs(key: &str, tabs: Vec<Vec<Field>>) -> Field {
    Field::new(
        key,
        Widget::Tabs {
            tabs: tabs
                .into_iter()
                .enumerate()
                .map(|(i, fields)| Tab {
                    label: format!("tab {i}"),
                    fields,
                })
                .collect(),
        },
    )
}

fn group(key: &str, fields: Vec<Field>) -> Field {
    Field::new(
        key,
        Widget::Group {
            collapsed: false,
            fields,
        },
    )
}

fn table(key: &str, fields: Vec<Field>, total_of: &[&str]) -> Field {
    Field::new(
        key,
        Widget::SubTable(SubTable {
            fields,
            min_rows: 0,
            max_rows: 10,
            total_of: total_of.iter().map(|k| k.to_string()).collect(),
        }),
    )
}

fn schema(fields: Vec<Field>) -> FormSchema {
    FormSchema {
        fields,
        ..FormSchema::default()
    }
}

fn within(key: &str, index: usize) -> Parent {
    Parent::In {
        key: key.into(),
        index,
    }
}

fn at(parent: Parent, index: usize) -> Place {
    Place { parent, index }
}

/// Checked from the types and from the JSON text, as the server reads it.
fn assert_valid(schema: &FormSchema) {
    if let Err(problems) = check(schema.clone()) {
        panic!("check refused: {problems:?}");
    }
    let text = serde_json::to_string(schema).unwrap();
    if let Err(problems) = parse(&text) {
        panic!("parse refused: {problems:?}\n{text}");
    }
}

fn keys(list: &[Field]) -> Vec<&str> {
    list.iter().map(|f| f.key.as_str()).collect()
}

/// A form with every kind of list: top, grid columns, tabs, group, sub-table.
fn sample() -> FormSchema {
    schema(vec![
        input("title"),
        grid("row", vec![vec![input("a")], vec![input("b"), input("c")]]),
        tabs("pages", vec![vec![input("d")], vec![]]),
        group("box", vec![input("e")]),
        table("lines", vec![number("qty"), number("price")], &["qty"]),
    ])
}

#[test]
fn the_sample_is_valid() {
    assert_valid(&sample());
}

#[test]
fn lists_and_fields_are_found_anywhere() {
    let s = sample();
    assert_eq!(keys(fields(&s, &Parent::Root).unwrap()).len(), 5);
    assert_eq!(keys(fields(&s, &within("row", 1)).unwrap()), ["b", "c"]);
    assert_eq!(keys(fields(&s, &within("pages", 0)).unwrap()), ["d"]);
    assert_eq!(keys(fields(&s, &within("box", 0)).unwrap()), ["e"]);
    assert_eq!(
        keys(fields(&s, &within("lines", 0)).unwrap()),
        ["qty", "price"]
    );
    assert!(fields(&s, &within("row", 2)).is_none());
    assert!(fields(&s, &within("box", 1)).is_none());
    assert!(fields(&s, &within("title", 0)).is_none());
    assert!(fields(&s, &within("nope", 0)).is_none());

    assert_eq!(field(&s, "price").unwrap().key, "price");
    assert!(field(&s, "nope").is_none());
    let mut s2 = sample();
    field_mut(&mut s2, "c").unwrap().label = "C".into();
    assert_eq!(field(&s2, "c").unwrap().label, "C");

    assert_eq!(place_of(&s, "c"), Some(at(within("row", 1), 1)));
    assert_eq!(place_of(&s, "title"), Some(at(Parent::Root, 0)));
    assert_eq!(place_of(&s, "nope"), None);

    assert_eq!(path_of(&s, "c").unwrap(), "fields[1].columns[1].fields[1]");
    assert_eq!(path_of(&s, "d").unwrap(), "fields[2].tabs[0].fields[0]");
    assert_eq!(path_of(&s, "e").unwrap(), "fields[3].fields[0]");
    assert_eq!(path_of(&s, "price").unwrap(), "fields[4].fields[1]");
    assert_eq!(path_of(&s, "lines").unwrap(), "fields[4]");

    assert_eq!(chain_of(&s, &Parent::Root), Some(vec![]));
    assert_eq!(
        chain_of(&s, &within("row", 1)),
        Some(vec!["row".to_string()])
    );
    assert_eq!(chain_of(&s, &within("row", 5)), None);
}

#[test]
fn inserts_into_every_kind_of_list() {
    let mut s = sample();
    insert(&mut s, &at(within("row", 0), 0), input("g1")).unwrap();
    insert(&mut s, &at(within("pages", 1), 9), input("t1")).unwrap();
    insert(&mut s, &at(within("box", 0), 1), input("b1")).unwrap();
    insert(&mut s, &at(within("lines", 0), 1), number("n1")).unwrap();
    insert(&mut s, &at(Parent::Root, 99), input("last")).unwrap();
    assert_eq!(keys(fields(&s, &within("row", 0)).unwrap()), ["g1", "a"]);
    assert_eq!(keys(fields(&s, &within("pages", 1)).unwrap()), ["t1"]);
    assert_eq!(keys(fields(&s, &within("box", 0)).unwrap()), ["e", "b1"]);
    assert_eq!(
        keys(fields(&s, &within("lines", 0)).unwrap()),
        ["qty", "n1", "price"]
    );
    assert_eq!(s.fields.last().unwrap().key, "last");
    assert_valid(&s);
}

#[test]
fn insert_refusals_leave_the_schema_alone() {
    let mut s = sample();
    let before = s.clone();
    let e = |s: &mut FormSchema, parent: Parent, f: Field| insert(s, &at(parent, 0), f);
    assert_eq!(
        e(&mut s, within("lines", 0), grid("g", vec![vec![]])),
        Err(EditError::NotAColumn)
    );
    assert_eq!(
        e(&mut s, within("lines", 0), table("t2", vec![], &[])),
        Err(EditError::NotAColumn)
    );
    let text = Field::new("st", Widget::StaticText { text: "x".into() });
    assert_eq!(
        e(&mut s, within("lines", 0), text),
        Err(EditError::NotAColumn)
    );
    assert_eq!(
        e(
            &mut s,
            within("lines", 0),
            Field::new("dv", Widget::Divider)
        ),
        Err(EditError::NotAColumn)
    );
    assert_eq!(
        e(&mut s, within("row", 7), input("x")),
        Err(EditError::NoSuchParent)
    );
    assert_eq!(
        e(&mut s, within("title", 0), input("x")),
        Err(EditError::NoSuchParent)
    );
    assert_eq!(
        e(&mut s, Parent::Root, input("qty")),
        Err(EditError::DuplicateKey)
    );
    assert_eq!(
        e(&mut s, Parent::Root, group("g9", vec![input("e")])),
        Err(EditError::DuplicateKey)
    );
    assert_eq!(
        e(&mut s, Parent::Root, input("lines_total")),
        Err(EditError::DuplicateKey)
    );
    assert_eq!(
        e(
            &mut s,
            Parent::Root,
            group("g9", vec![input("z"), input("z")])
        ),
        Err(EditError::DuplicateKey)
    );
    assert_eq!(s, before);
}

#[test]
fn the_checker_refuses_what_accepts_refuses() {
    // `accepts` mirrors the checker's `not_a_column`, for every widget.
    let mut seed = counter();
    for name in Widget::TYPE_NAMES {
        let mut s = schema(vec![table("t", vec![], &[])]);
        let f = new_field(&s, name, "x", &mut seed, &numbered).unwrap();
        let accepted = accepts(&s, &within("t", 0), &f);
        if let Widget::SubTable(t) = &mut s.fields[0].widget {
            t.fields.push(f);
        }
        let refused = match check(s) {
            Ok(_) => false,
            Err(problems) => {
                assert!(
                    problems
                        .iter()
                        .all(|p| matches!(p.problem, SchemaProblemKind::NotAColumn { .. })),
                    "{name}: {problems:?}"
                );
                true
            }
        };
        assert_eq!(accepted, !refused, "{name}");
    }
}

#[test]
fn nesting_is_limited_as_the_reader_limits_it() {
    // Groups nested to the limit: the innermost list is MAX_NESTING deep.
    let mut s = schema(vec![]);
    let mut parent = Parent::Root;
    for n in 0..MAX_NESTING {
        let key = format!("g{n}");
        insert(&mut s, &at(parent, 0), group(&key, vec![])).unwrap();
        parent = within(&key, 0);
    }
    insert(&mut s, &at(parent.clone(), 0), input("deep")).unwrap();
    assert_valid(&s);
    assert!(!accepts(&s, &parent, &group("one_more", vec![])));
    assert_eq!(
        insert(&mut s, &at(parent.clone(), 0), group("one_more", vec![])),
        Err(EditError::TooDeep)
    );
    // The reader would refuse it indeed.
    let mut too_deep = s.clone();
    let (list, _) = locate(&too_deep, "deep").unwrap();
    list_at_mut(&mut too_deep, &list.route)
        .unwrap()
        .push(group("one_more", vec![]));
    let text = serde_json::to_string(&too_deep).unwrap();
    assert!(parse(&text).is_err());
    // A grid with a group inside cannot go where a group alone just fits.
    // (g6's list is 7 deep: the grid's column 8, the group's list 9.)
    let g = grid("gg", vec![vec![group("inner", vec![])]]);
    assert_eq!(
        insert(&mut s, &at(within("g6", 0), 0), g.clone()),
        Err(EditError::TooDeep)
    );
    insert(&mut s, &at(within("g5", 0), 0), g).unwrap();
    assert_valid(&s);
}

#[test]
fn too_many_fields_are_refused() {
    let mut s = schema((0..MAX_FIELDS).map(|i| input(&format!("f{i}"))).collect());
    assert_eq!(
        insert(&mut s, &at(Parent::Root, 0), input("one_more")),
        Err(EditError::TooManyFields)
    );
    assert_eq!(duplicate(&mut s, "f0", &mut counter()), None);
    assert_eq!(s.fields.len(), MAX_FIELDS);
}

#[test]
fn a_container_cannot_move_into_itself() {
    let mut s = sample();
    insert(&mut s, &at(within("row", 0), 0), group("inner", vec![])).unwrap();
    let before = s.clone();
    for target in [within("row", 0), within("row", 1), within("inner", 0)] {
        assert_eq!(
            move_to(&mut s, "row", &at(target, 0)),
            Err(EditError::IntoItself)
        );
    }
    assert_eq!(s, before);
    assert!(!parents_for(&s, "row").contains(&within("inner", 0)));
}

#[test]
fn move_refusals() {
    let mut s = sample();
    let before = s.clone();
    assert_eq!(
        move_to(&mut s, "row", &at(within("lines", 0), 0)),
        Err(EditError::NotAColumn)
    );
    assert_eq!(
        move_to(&mut s, "nope", &at(Parent::Root, 0)),
        Err(EditError::NoSuchField)
    );
    assert_eq!(
        move_to(&mut s, "a", &at(within("row", 3), 0)),
        Err(EditError::NoSuchParent)
    );
    assert_eq!(
        move_to(&mut s, "a", &at(within("title", 0), 0)),
        Err(EditError::NoSuchParent)
    );
    assert_eq!(s, before);
}

#[test]
fn move_index_counts_the_list_before_the_move() {
    let mut s = schema(vec![input("x0"), input("x1"), input("x2"), input("x3")]);
    move_to(&mut s, "x0", &at(Parent::Root, 2)).unwrap();
    assert_eq!(keys(&s.fields), ["x1", "x0", "x2", "x3"]);
    move_to(&mut s, "x3", &at(Parent::Root, 0)).unwrap();
    assert_eq!(keys(&s.fields), ["x3", "x1", "x0", "x2"]);
    // Before itself or just after itself: no change.
    move_to(&mut s, "x1", &at(Parent::Root, 1)).unwrap();
    move_to(&mut s, "x1", &at(Parent::Root, 2)).unwrap();
    assert_eq!(keys(&s.fields), ["x3", "x1", "x0", "x2"]);
    // To the end (clamped).
    move_to(&mut s, "x3", &at(Parent::Root, 100)).unwrap();
    assert_eq!(keys(&s.fields), ["x1", "x0", "x2", "x3"]);
}

#[test]
fn moves_between_lists() {
    let mut s = sample();
    move_to(&mut s, "title", &at(within("row", 1), 1)).unwrap();
    assert_eq!(
        keys(fields(&s, &within("row", 1)).unwrap()),
        ["b", "title", "c"]
    );
    // A grid moves with its children into a tab.
    move_to(&mut s, "row", &at(within("pages", 1), 0)).unwrap();
    assert_eq!(
        path_of(&s, "title").unwrap(),
        "fields[0].tabs[1].fields[0].columns[1].fields[1]"
    );
    // A number column moves out of the sub-table: its total goes too.
    move_to(&mut s, "qty", &at(within("box", 0), 0)).unwrap();
    match &field(&s, "lines").unwrap().widget {
        Widget::SubTable(t) => assert!(t.total_of.is_empty()),
        w => panic!("{w:?}"),
    }
    assert_valid(&s);
    // Out of a list into a container further down that same list, deeper in the tree.
    let mut s = schema(vec![
        input("top"),
        group(
            "box",
            vec![input("x"), grid("g", vec![vec![], vec![input("y")]])],
        ),
    ]);
    move_to(&mut s, "x", &at(within("g", 1), 1)).unwrap();
    assert_eq!(keys(fields(&s, &within("g", 1)).unwrap()), ["y", "x"]);
    move_to(&mut s, "top", &at(within("g", 0), 0)).unwrap();
    assert_eq!(
        path_of(&s, "top").unwrap(),
        "fields[0].fields[0].columns[0].fields[0]"
    );
    assert_valid(&s);
    // Within the table, the total stays.
    let mut s = sample();
    move_to(&mut s, "qty", &at(within("lines", 0), 2)).unwrap();
    assert_eq!(
        keys(fields(&s, &within("lines", 0)).unwrap()),
        ["price", "qty"]
    );
    match &field(&s, "lines").unwrap().widget {
        Widget::SubTable(t) => assert_eq!(t.total_of, ["qty"]),
        w => panic!("{w:?}"),
    }
    assert_valid(&s);
}

#[test]
fn shift_stops_at_the_ends() {
    let mut s = sample();
    assert!(!shift(&mut s, "title", -1));
    assert!(shift(&mut s, "title", 1));
    assert_eq!(keys(&s.fields)[..2], ["row", "title"]);
    assert!(shift(&mut s, "title", -1));
    assert!(!shift(&mut s, "lines", 1));
    assert!(!shift(&mut s, "c", 1));
    assert!(shift(&mut s, "c", -1));
    assert_eq!(keys(fields(&s, &within("row", 1)).unwrap()), ["c", "b"]);
    assert!(!shift(&mut s, "c", -1));
    assert!(!shift(&mut s, "a", 0));
    assert!(!shift(&mut s, "nope", 1));
    assert!(!shift(&mut s, "title", isize::MIN));
    assert!(!shift(&mut s, "title", isize::MAX));
}

#[test]
fn remove_answers_the_field_and_its_place_and_drops_totals() {
    let mut s = sample();
    let (f, place) = remove(&mut s, "row").unwrap();
    assert_eq!(place, at(Parent::Root, 1));
    assert_eq!(count(&f), 4);
    assert!(field(&s, "b").is_none());
    let (_, place) = remove(&mut s, "qty").unwrap();
    assert_eq!(place, at(within("lines", 0), 0));
    match &field(&s, "lines").unwrap().widget {
        Widget::SubTable(t) => assert!(t.total_of.is_empty()),
        w => panic!("{w:?}"),
    }
    assert_valid(&s);
    assert!(remove(&mut s, "qty").is_none());
    // Undo: insert back where it was.
    let mut s = sample();
    let (f, place) = remove(&mut s, "c").unwrap();
    insert(&mut s, &place, f).unwrap();
    assert_eq!(s, sample());
}

#[test]
fn duplicate_gives_every_copied_field_a_new_key() {
    let mut s = sample();
    let copy = duplicate(&mut s, "row", &mut counter()).unwrap();
    assert!(copy.starts_with("grid"), "{copy}");
    assert_eq!(place_of(&s, &copy), Some(at(Parent::Root, 2)));
    let all: Vec<&str> = s.walk().iter().map(|f| f.key.as_str()).collect();
    let unique: HashSet<&&str> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "{all:?}");
    assert_eq!(all.len(), 16);
    let copied = field(&s, &copy).unwrap();
    let inner: Vec<&str> = copied
        .widget
        .children()
        .into_iter()
        .flat_map(keys)
        .collect();
    assert_eq!(inner.len(), 3);
    assert!(inner
        .iter()
        .all(|k| k.starts_with("input") && is_valid_key(k)));
    assert_valid(&s);
}

#[test]
fn duplicate_of_a_sub_table_follows_its_columns() {
    let mut price = number("price");
    price.computed = None;
    let mut amount = number("amount");
    amount.computed = Some("${price * qty}".into());
    let mut note = input("note");
    note.visible_when = Some("${lines_total.amount > 100 && title != 'price'}".into());
    let mut s = schema(vec![
        input("title"),
        group(
            "box",
            vec![
                table(
                    "lines",
                    vec![number("qty"), price, amount],
                    &["amount", "qty"],
                ),
                note,
            ],
        ),
    ]);
    assert_valid(&s);
    let copy = duplicate(&mut s, "box", &mut counter()).unwrap();
    assert_valid(&s);
    let copied = field(&s, &copy).unwrap();
    let Widget::Group { fields: inside, .. } = &copied.widget else {
        panic!("{copied:?}");
    };
    let Widget::SubTable(t) = &inside[0].widget else {
        panic!("{inside:?}");
    };
    let cols = keys(&t.fields);
    assert_eq!(t.total_of, [cols[2], cols[0]]);
    assert_eq!(
        t.fields[2].computed.as_deref(),
        Some(format!("${{{} * {}}}", cols[1], cols[0]).as_str())
    );
    assert_eq!(
        inside[1].visible_when.as_deref(),
        Some(
            format!(
                "${{{}_total.amount > 100 && title != 'price'}}",
                inside[0].key
            )
            .as_str()
        )
    );
}

#[test]
fn renaming_leaves_what_it_cannot_prove() {
    let map: HashMap<&str, &str> = [("a", "a2"), ("b", "b2")].into_iter().collect();
    assert_eq!(rename_variables("${a + b}", &map), "${a2 + b2}");
    assert_eq!(rename_variables("${x.a + 'a'}", &map), "${x.a + 'a'}");
    assert_eq!(rename_variables("${c ? a : b}", &map), "${c ? a2 : b2}");
    assert_eq!(rename_variables("\\${a} ${a}", &map), "\\${a} ${a2}");
    assert_eq!(rename_variables("${a ==", &map), "${a ==");
    // execution.getVariable('a') reads a, but the string is not renamed: left as it is.
    assert_eq!(
        rename_variables("${execution.getVariable('a') > b}", &map),
        "${execution.getVariable('a') > b}"
    );
}

#[test]
fn fresh_key_never_clashes() {
    let mut s = schema(vec![]);
    let mut same = || 42u32;
    for _ in 0..5 {
        let key = fresh_key(&s, "input", &mut same);
        assert!(is_valid_key(&key), "{key}");
        assert!(field(&s, &key).is_none());
        insert(&mut s, &at(Parent::Root, 0), input(&key)).unwrap();
    }
    assert_eq!(s.fields.last().unwrap().key, "input00042");
    assert_valid(&s);
    assert_eq!(
        fresh_key(&schema(vec![]), "date_range", &mut || 7),
        "dateRange00007"
    );
    assert_eq!(
        fresh_key(&schema(vec![]), "sub_table", &mut || 123_456),
        "subTable23456"
    );
    // Total keys are taken too, both ways.
    let s = schema(vec![input("input00001_total")]);
    assert_eq!(fresh_key(&s, "input", &mut counter()), "input00002");
    // Whatever the type name, a valid key.
    for name in ["", "9lives", "名字", "a-b c", "x".repeat(200).as_str()] {
        let key = fresh_key(&schema(vec![]), name, &mut || u32::MAX);
        assert!(is_valid_key(&key), "{name:?}: {key}");
    }
}

#[test]
fn camel_case_type_names() {
    assert_eq!(type_name_camel("input"), "input");
    assert_eq!(type_name_camel("date_range"), "dateRange");
    assert_eq!(type_name_camel("image_upload"), "imageUpload");
    assert_eq!(type_name_camel("dateRange"), "dateRange");
    assert_eq!(type_name_camel("_x_"), "x");
}

#[test]
fn every_new_field_is_valid_alone_and_in_containers() {
    let mut seed = counter();
    for name in Widget::TYPE_NAMES {
        let mut s = schema(vec![]);
        let f = new_field(&s, name, "标签", &mut seed, &numbered).unwrap();
        assert_eq!(f.widget.type_name(), *name);
        assert!(f.key.starts_with(&type_name_camel(name)), "{}", f.key);
        insert(&mut s, &at(Parent::Root, 0), f).unwrap();
        assert_valid(&s);
    }
    // All of them in one form, and again inside every kind of list.
    fn add_all(s: &mut FormSchema, parent: &Parent, seed: &mut dyn FnMut() -> u32) -> Vec<String> {
        let mut added = Vec::new();
        for name in Widget::TYPE_NAMES {
            let f = new_field(s, name, "标签", seed, &numbered).unwrap();
            if accepts(s, parent, &f) {
                added.push(f.key.clone());
                insert(s, &at(parent.clone(), 999), f).unwrap();
            }
        }
        added
    }
    let mut s = schema(vec![]);
    let mut seed = counter();
    let top = add_all(&mut s, &Parent::Root, &mut seed);
    assert_eq!(top.len(), Widget::TYPE_NAMES.len());
    let [grid, tabs, group, table] = &top[top.len() - 4..] else {
        panic!("{top:?}");
    };
    for parent in [within(grid, 1), within(tabs, 0), within(group, 0)] {
        assert_eq!(
            add_all(&mut s, &parent, &mut seed).len(),
            Widget::TYPE_NAMES.len()
        );
    }
    // Every value field but a sub-table is a column.
    assert_eq!(add_all(&mut s, &within(table, 0), &mut seed).len(), 23);
    assert_valid(&s);
    assert!(new_field(&s, "el-input", "x", &mut seed, &numbered).is_none());
}

#[test]
fn the_checker_takes_empty_containers() {
    // What a designer may leave empty: no columns, no tabs, no fields, no rows.
    let s = schema(vec![
        grid("g", vec![]),
        tabs("t", vec![]),
        group("b", vec![]),
        table("s", vec![], &[]),
    ]);
    assert_valid(&s);
}

#[test]
fn new_field_defaults() {
    let s = schema(vec![]);
    let mut seed = counter();
    let mut make = |name: &str| new_field(&s, name, "标题", &mut seed, &numbered).unwrap();
    let select = make("select");
    assert_eq!(
        serde_json::to_value(&select).unwrap()["options"],
        json!([{"label": "选项1", "value": "1"}, {"label": "选项2", "value": "2"}])
    );
    assert_eq!(select.label, "标题");
    let tabs = make("tabs");
    assert_eq!(
        serde_json::to_value(&tabs).unwrap()["tabs"],
        json!([{"label": "选项1", "fields": []}, {"label": "选项2", "fields": []}])
    );
    let text = make("static_text");
    assert_eq!(
        text.widget,
        Widget::StaticText {
            text: "标题".into()
        }
    );
    let table = serde_json::to_value(make("sub_table")).unwrap();
    assert_eq!(
        (table["maxRows"].clone(), table.get("minRows")),
        (json!(50), None)
    );
}

#[test]
fn paths_match_the_checker() {
    let mut s = sample();
    let mut bad = input("bad");
    bad.rules.pattern = Some("^(ab".into());
    insert(&mut s, &at(within("row", 1), 1), bad).unwrap();
    let mut hidden = input("hidden");
    hidden.visible_when = Some("${nope}".into());
    insert(&mut s, &at(within("pages", 1), 0), hidden).unwrap();
    let mut e2 = input("e2");
    e2.required_when = Some("${nope2}".into());
    insert(&mut s, &at(within("box", 0), 1), e2).unwrap();
    let mut col = number("col");
    col.visible_when = Some("${true}".into());
    insert(&mut s, &at(within("lines", 0), 2), col).unwrap();
    let problems = check(s.clone()).unwrap_err();
    assert_eq!(problems.len(), 4, "{problems:?}");
    for (key, problem) in ["bad", "hidden", "e2", "col"].iter().zip(&problems) {
        let path = path_of(&s, key).unwrap();
        assert!(
            problem.path.starts_with(&format!("{path}.")),
            "{key}: {path} vs {}",
            problem.path
        );
    }
    assert_eq!(
        path_of(&s, "bad").unwrap(),
        "fields[1].columns[1].fields[1]"
    );
    // The same paths from the JSON reader.
    let text = serde_json::to_string(&s).unwrap();
    let problems = parse(&text).unwrap_err();
    assert!(problems[0].path.starts_with(&path_of(&s, "bad").unwrap()));
}

#[test]
fn parents_for_lists_only_possible_places() {
    let s = sample();
    let all = vec![
        Parent::Root,
        within("row", 0),
        within("row", 1),
        within("pages", 0),
        within("pages", 1),
        within("box", 0),
        within("lines", 0),
    ];
    assert_eq!(parents_for(&s, "title"), all);
    assert_eq!(
        parents_for(&s, "row"),
        vec![
            Parent::Root,
            within("pages", 0),
            within("pages", 1),
            within("box", 0)
        ]
    );
    assert_eq!(parents_for(&s, "qty"), all);
    assert!(parents_for(&s, "nope").is_empty());
    // Depth first: a list inside a grid column comes before the next column.
    let s = schema(vec![grid("g", vec![vec![group("in0", vec![])], vec![]])]);
    assert_eq!(
        parents_for(&s, "in0"),
        vec![Parent::Root, within("g", 0), within("g", 1)]
    );
    let s = schema(vec![
        grid("g", vec![vec![group("in0", vec![])], vec![]]),
        input("x"),
    ]);
    assert_eq!(
        parents_for(&s, "x"),
        vec![
            Parent::Root,
            within("g", 0),
            within("in0", 0),
            within("g", 1)
        ]
    );
}

#[test]
fn fingerprints_change_with_content() {
    let s = sample();
    let a = fingerprint(field(&s, "row").unwrap());
    assert_eq!(a, fingerprint(field(&s, "row").unwrap()));
    let mut s2 = s.clone();
    field_mut(&mut s2, "c").unwrap().label = "changed".into();
    assert_ne!(a, fingerprint(field(&s2, "row").unwrap()));
    assert_eq!(
        fingerprint(field(&s, "title").unwrap()),
        fingerprint(field(&s2, "title").unwrap())
    );
    // The published FNV-1a 64 values.
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
}
