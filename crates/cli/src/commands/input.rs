//! Command-line options shared by every command that reads documents (`analyze`,
//! `ingest`, `bench`): inputs, input format, field names, extra actor dictionaries.

use annalist_ingest::{FieldNames, Format, ReadOptions};
use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone)]
pub struct InputArgs {
    /// Files, directories (read recursively), globs, or `-` for standard input.
    /// `.gz` files are decompressed on the fly.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<String>,

    /// Input format: auto, text, jsonl, csv, html, feed, warc (auto sniffs the content).
    #[arg(long = "input-format", default_value = "auto", value_name = "FORMAT",
          value_parser = super::args::input_format)]
    pub input_format: Format,

    /// JSON Lines / CSV field holding the text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// JSON Lines / CSV field holding the publication date.
    #[arg(long, default_value = "date", value_name = "FIELD")]
    pub date_field: String,
    /// JSON Lines / CSV field holding the title.
    #[arg(long, default_value = "title", value_name = "FIELD")]
    pub title_field: String,
    /// JSON Lines / CSV field holding the URL.
    #[arg(long, default_value = "url", value_name = "FIELD")]
    pub url_field: String,
    /// JSON Lines / CSV field holding the record id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,

    /// Extra PETRARCH/Phoenix actor dictionary: names with dated codes (repeatable).
    #[arg(long = "actors", value_name = "FILE")]
    pub actors: Vec<PathBuf>,

    /// Extra PETRARCH/Phoenix agent dictionary: `POLICE [~COP]` (repeatable).
    #[arg(long = "agents", value_name = "FILE")]
    pub agents: Vec<PathBuf>,

    /// Extra PETRARCH verb dictionary: CAMEO verb patterns (repeatable).
    #[arg(long = "verbs", value_name = "FILE")]
    pub verbs: Vec<PathBuf>,

    /// How events are found: `surface` (trigger words and clause segments, the default)
    /// or `frames` (the frame coder over the dependency parse; see the README).
    #[arg(
        long = "event-engine",
        value_name = "ENGINE",
        default_value = "surface"
    )]
    pub event_engine: annalist_events::Engine,

    /// Leave out events whose confidence (0 to 1, from what supports them) is below this;
    /// 0 keeps every event (default: the threshold of data/events/confidence.tsv, 0: all).
    #[arg(long = "min-event-confidence", value_name = "C", value_parser = super::args::unit_interval)]
    pub min_event_confidence: Option<f32>,
}

impl InputArgs {
    pub fn read_options(&self) -> anyhow::Result<ReadOptions> {
        Ok(ReadOptions {
            format: self.input_format,
            fields: FieldNames {
                id: self.id_field.clone(),
                date: self.date_field.clone(),
                url: self.url_field.clone(),
                title: self.title_field.clone(),
                text: self.text_field.clone(),
            },
            ..ReadOptions::default()
        })
    }

    pub fn analyzer(&self) -> anyhow::Result<annalist::Analyzer> {
        let options = annalist::Options {
            actor_dictionaries: self.actors.clone(),
            agent_dictionaries: self.agents.clone(),
            verb_dictionaries: self.verbs.clone(),
            event_engine: self.event_engine,
            min_event_confidence: self.min_event_confidence,
        };
        Ok(annalist::Analyzer::new(&options)?)
    }
}
