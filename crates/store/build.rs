// sqlx::migrate! embeds the migration files; rebuild when one is added.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
