//! Writing a flat table ([`crate::tables`]) as CSV or Parquet, streaming: the store is
//! read a page of documents at a time, CSV rows are written as they come, and Parquet
//! rows are buffered into row groups of [`ROW_GROUP`] rows at most, so memory is
//! bounded whatever the size of the store.
//!
//! CSV: RFC 4180 (comma, `"` quoting), a header row of column names; a null is an empty
//! field; booleans are `true`/`false`, dates `YYYY-MM-DD`, timestamps
//! `YYYY-MM-DDTHH:MM:SSZ`. Parquet (feature `parquet`): one column per table column,
//! `string` as UTF-8 `BYTE_ARRAY`, `int64` `INT64`, `float64` `DOUBLE`, `bool`
//! `BOOLEAN`, `date` `INT32 (DATE)`, `timestamp` `INT64 (TIMESTAMP(MICROS, UTC))`;
//! `REQUIRED` where a column is never null, `OPTIONAL` elsewhere; Snappy compression.

use crate::tables::{Column, ColumnType, Table, Value};
use crate::{ExportError, Result};
use annalist_core::Date;
use annalist_store::Store;
use std::io::Write;

/// Rows per Parquet row group.
pub const ROW_GROUP: usize = 65_536;

/// A table file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
}

/// Writes `table` of every stored document to `out`; returns the number of rows.
pub fn write_table<W: Write + Send>(
    store: &Store,
    table: Table,
    format: Format,
    out: W,
) -> Result<usize> {
    let mut sink: Box<dyn Sink<W>> = match format {
        Format::Csv => Box::new(CsvSink::new(table.columns(), out)?),
        #[cfg(feature = "parquet")]
        Format::Parquet => Box::new(parquet_sink::ParquetSink::new(table.columns(), out)?),
        #[cfg(not(feature = "parquet"))]
        Format::Parquet => {
            return Err(ExportError::Unsupported(
                "this annalist was built without Parquet (cargo feature `parquet`)".into(),
            ))
        }
    };
    let mut rows = 0usize;
    for page in store.export_pages() {
        for item in page? {
            table.rows(&item, |row| {
                rows += 1;
                sink.push(row)
            })?;
        }
    }
    sink.finish()?;
    Ok(rows)
}

trait Sink<W> {
    fn push(&mut self, row: Vec<Value>) -> Result<()>;
    fn finish(self: Box<Self>) -> Result<()>;
}

struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
    fields: Vec<String>,
}

impl<W: Write> CsvSink<W> {
    fn new(columns: &[Column], out: W) -> Result<CsvSink<W>> {
        let mut writer = csv::WriterBuilder::new().from_writer(out);
        writer.write_record(columns.iter().map(|c| c.name))?;
        Ok(CsvSink {
            writer,
            fields: Vec::with_capacity(columns.len()),
        })
    }
}

/// A value as CSV text.
pub fn csv_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Timestamp(micros) => {
            let seconds = micros.div_euclid(1_000_000);
            let days = seconds.div_euclid(86_400);
            let rest = seconds.rem_euclid(86_400);
            let date = Date::from_days(days).map_or(String::new(), |d| d.to_string());
            format!(
                "{date}T{:02}:{:02}:{:02}Z",
                rest / 3600,
                rest % 3600 / 60,
                rest % 60
            )
        }
    }
}

impl<W: Write> Sink<W> for CsvSink<W> {
    fn push(&mut self, row: Vec<Value>) -> Result<()> {
        self.fields.clear();
        self.fields.extend(row.iter().map(csv_text));
        self.writer.write_record(&self.fields)?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let mut writer = self.writer;
        writer.flush()?;
        Ok(())
    }
}

/// Checks that a row fits the columns: as many values, each of its column's type, no
/// null in a column that is never null.
pub fn check_row(columns: &[Column], row: &[Value]) -> Result<()> {
    if row.len() != columns.len() {
        return Err(ExportError::Unsupported(format!(
            "a row of {} values for {} columns",
            row.len(),
            columns.len()
        )));
    }
    for (column, value) in columns.iter().zip(row) {
        let fits = match (value, column.kind) {
            (Value::Null, _) => column.nullable,
            (Value::Str(_), ColumnType::String)
            | (Value::Int(_), ColumnType::Int64)
            | (Value::Float(_), ColumnType::Float64)
            | (Value::Bool(_), ColumnType::Bool)
            | (Value::Date(_), ColumnType::Date)
            | (Value::Timestamp(_), ColumnType::Timestamp) => true,
            _ => false,
        };
        if !fits {
            return Err(ExportError::Unsupported(format!(
                "column {} ({}{}) got {value:?}",
                column.name,
                column.kind.as_str(),
                if column.nullable { ", nullable" } else { "" }
            )));
        }
    }
    Ok(())
}

#[cfg(feature = "parquet")]
mod parquet_sink {
    use super::{check_row, Sink};
    use crate::tables::{Column, ColumnType, Value};
    use crate::Result;
    use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
    use parquet::data_type::{
        BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type,
    };
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::format::MicroSeconds;
    use parquet::schema::types::Type;
    use std::io::Write;
    use std::sync::Arc;

    pub struct ParquetSink<W: Write + Send> {
        columns: &'static [Column],
        writer: SerializedFileWriter<W>,
        buffer: Vec<Vec<Value>>,
        rows: usize,
    }

    fn schema(columns: &[Column]) -> Result<Type> {
        let mut fields = Vec::with_capacity(columns.len());
        for c in columns {
            let (physical, logical) = match c.kind {
                ColumnType::String => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                ColumnType::Int64 => (Physical::INT64, None),
                ColumnType::Float64 => (Physical::DOUBLE, None),
                ColumnType::Bool => (Physical::BOOLEAN, None),
                ColumnType::Date => (Physical::INT32, Some(LogicalType::Date)),
                ColumnType::Timestamp => (
                    Physical::INT64,
                    Some(LogicalType::Timestamp {
                        is_adjusted_to_u_t_c: true,
                        unit: TimeUnit::MICROS(MicroSeconds {}),
                    }),
                ),
            };
            let repetition = if c.nullable {
                Repetition::OPTIONAL
            } else {
                Repetition::REQUIRED
            };
            fields.push(Arc::new(
                Type::primitive_type_builder(c.name, physical)
                    .with_logical_type(logical)
                    .with_repetition(repetition)
                    .build()?,
            ));
        }
        Ok(Type::group_type_builder("schema")
            .with_fields(fields)
            .build()?)
    }

    impl<W: Write + Send> ParquetSink<W> {
        pub fn new(columns: &'static [Column], out: W) -> Result<ParquetSink<W>> {
            let props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(format!("annalist {}", crate::VERSION))
                .build();
            let writer =
                SerializedFileWriter::new(out, Arc::new(schema(columns)?), Arc::new(props))?;
            Ok(ParquetSink {
                columns,
                writer,
                buffer: columns.iter().map(|_| Vec::new()).collect(),
                rows: 0,
            })
        }

        fn flush_group(&mut self) -> Result<()> {
            if self.rows == 0 {
                return Ok(());
            }
            let mut group = self.writer.next_row_group()?;
            let mut index = 0;
            while let Some(mut writer) = group.next_column()? {
                let column = self.columns[index];
                let values = std::mem::take(&mut self.buffer[index]);
                let defs: Vec<i16> = values
                    .iter()
                    .map(|v| i16::from(*v != Value::Null))
                    .collect();
                let defs = column.nullable.then_some(defs.as_slice());
                match column.kind {
                    ColumnType::String => {
                        let data: Vec<ByteArray> = values
                            .into_iter()
                            .filter_map(|v| match v {
                                Value::Str(s) => Some(ByteArray::from(s.into_bytes())),
                                _ => None,
                            })
                            .collect();
                        writer
                            .typed::<ByteArrayType>()
                            .write_batch(&data, defs, None)?;
                    }
                    ColumnType::Int64 | ColumnType::Timestamp => {
                        let data: Vec<i64> = values
                            .iter()
                            .filter_map(|v| match v {
                                Value::Int(i) | Value::Timestamp(i) => Some(*i),
                                _ => None,
                            })
                            .collect();
                        writer.typed::<Int64Type>().write_batch(&data, defs, None)?;
                    }
                    ColumnType::Float64 => {
                        let data: Vec<f64> = values
                            .iter()
                            .filter_map(|v| match v {
                                Value::Float(f) => Some(*f),
                                _ => None,
                            })
                            .collect();
                        writer
                            .typed::<DoubleType>()
                            .write_batch(&data, defs, None)?;
                    }
                    ColumnType::Bool => {
                        let data: Vec<bool> = values
                            .iter()
                            .filter_map(|v| match v {
                                Value::Bool(b) => Some(*b),
                                _ => None,
                            })
                            .collect();
                        writer.typed::<BoolType>().write_batch(&data, defs, None)?;
                    }
                    ColumnType::Date => {
                        let data: Vec<i32> = values
                            .iter()
                            .filter_map(|v| match v {
                                Value::Date(d) => i32::try_from(d.to_days()).ok(),
                                _ => None,
                            })
                            .collect();
                        writer.typed::<Int32Type>().write_batch(&data, defs, None)?;
                    }
                }
                writer.close()?;
                index += 1;
            }
            group.close()?;
            self.rows = 0;
            Ok(())
        }
    }

    impl<W: Write + Send> Sink<W> for ParquetSink<W> {
        fn push(&mut self, row: Vec<Value>) -> Result<()> {
            check_row(self.columns, &row)?;
            for (column, value) in self.buffer.iter_mut().zip(row) {
                column.push(value);
            }
            self.rows += 1;
            if self.rows >= super::ROW_GROUP {
                self.flush_group()?;
            }
            Ok(())
        }

        fn finish(mut self: Box<Self>) -> Result<()> {
            self.flush_group()?;
            let mut out = self.writer.into_inner()?;
            out.flush()?;
            Ok(())
        }
    }
}
