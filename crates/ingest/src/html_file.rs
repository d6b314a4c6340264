//! HTML article pages: one file, one document (the article text, title, date, URL).

use crate::html::{decode_page, extract_article};
use crate::source::{error, Stream};
use crate::text::read_bounded;
use crate::{RawDocument, ReadError, ReadOptions};
use annalist_core::Metadata;

pub(crate) fn read(
    file: &str,
    stream: Stream<'_>,
    options: &ReadOptions,
) -> Result<RawDocument, ReadError> {
    let bytes = read_bounded(file, stream, options.max_document_bytes)?;
    let (html, warning) = decode_page(&bytes, None);
    page_document(file, None, &html, warning, None)
}

/// The document of an HTML page; an error when the page holds no article text.
pub(crate) fn page_document(
    file: &str,
    record: Option<String>,
    html: &str,
    warning: Option<String>,
    url: Option<String>,
) -> Result<RawDocument, ReadError> {
    let article = extract_article(html);
    if article.text.is_empty() {
        return Err(error(
            file,
            record,
            "no article text found in the HTML page",
        ));
    }
    let source = match &record {
        Some(record) => format!("{file}:{record}"),
        None => file.to_string(),
    };
    let mut warnings: Vec<String> = warning.into_iter().collect();
    warnings.extend(article.warnings);
    Ok(RawDocument {
        text: article.text,
        metadata: Metadata {
            source,
            external_id: None,
            url: url.or(article.url),
            title: article.title,
            date: article.date,
        },
        warnings,
    })
}
