//! Trains on UD English-EWT and writes the model: `cargo run --release -p
//! annalist-syntax --example train_ewt -- ../shared/data/ud/en_ewt OUT [TAGGER_EPOCHS
//! PARSER_EPOCHS FOLDS]` (the same as `annalist train-syntax`, for development).
use annalist_syntax::train::{train_files, TrainOptions};
use std::path::PathBuf;

fn main() -> Result<(), annalist_syntax::train::BoxError> {
    let args: Vec<String> = std::env::args().collect();
    let ud = PathBuf::from(
        args.get(1)
            .map_or("../shared/data/ud/en_ewt", |s| s.as_str()),
    );
    let out = PathBuf::from(args.get(2).map_or("model.bin", |s| s.as_str()));
    let mut options = TrainOptions::default();
    if let Some(n) = args.get(3) {
        options.tagger_epochs = n.parse()?;
    }
    if let Some(n) = args.get(4) {
        options.parser_epochs = n.parse()?;
    }
    if let Some(n) = args.get(5) {
        options.folds = n.parse()?;
    }
    let start = std::time::Instant::now();
    let (model, log) = train_files(
        &ud.join("en_ewt-ud-train.conllu"),
        Some(&ud.join("en_ewt-ud-dev.conllu")),
        &options,
    )?;
    print!("{log}");
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes)?;
    println!("{} bytes in {:.1?}", bytes.len(), start.elapsed());
    Ok(())
}
