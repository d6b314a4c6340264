//! Embeds every file of `assets/` (the web page) in the binary: writes the table that
//! `src/assets.rs` serves, so that adding a file to the page needs no Rust change. A file
//! whose extension has no known content type fails the build.

use std::fmt::Write;
use std::path::Path;

fn content_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("crates/server/assets")
        .map(|entry| entry.expect("asset entry"))
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| {
            entry
                .file_name()
                .into_string()
                .expect("asset names are UTF-8")
        })
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    let mut table = String::from("/// `(name, content type, bytes)` of every file of `assets/`.\n");
    table.push_str("pub const ASSETS: &[(&str, &str, &[u8])] = &[\n");
    for name in &names {
        let kind = content_type(name)
            .unwrap_or_else(|| panic!("assets/{name}: no content type for its extension"));
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            table,
            "    ({name:?}, {kind:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    table.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("assets_table.rs");
    std::fs::write(out, table).unwrap();
}
