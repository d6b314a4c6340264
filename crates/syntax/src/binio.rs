//! Little-endian reading and writing of the model file's sections.
//!
//! A model is a sequence of named sections; each component (tagger, parser, lemmatiser)
//! writes and reads its own with [`Writer`] and [`Reader`]. Reading checks every length
//! against the bytes left, so a truncated or corrupt file is an error, never a panic.

use crate::Error;

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    pub fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes.extend_from_slice(s.as_bytes());
    }
    pub fn u32s(&mut self, values: &[u32]) {
        self.u32(values.len() as u32);
        for &v in values {
            self.u32(v);
        }
    }
    pub fn i16s(&mut self, values: &[i16]) {
        self.u32(values.len() as u32);
        for &v in values {
            self.bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    pub fn u8s(&mut self, values: &[u8]) {
        self.u32(values.len() as u32);
        self.bytes.extend_from_slice(values);
    }
}

/// Reads values back, failing cleanly at the end of the bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }
    pub fn is_empty(&self) -> bool {
        self.at >= self.bytes.len()
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| Error::Model(format!("truncated at byte {}", self.at)))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }
    pub fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }
    pub fn u16(&mut self) -> Result<u16, Error> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    pub fn u32(&mut self) -> Result<u32, Error> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn u64(&mut self) -> Result<u64, Error> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    pub fn f32(&mut self) -> Result<f32, Error> {
        Ok(f32::from_bits(self.u32()?))
    }
    pub fn str(&mut self) -> Result<&'a str, Error> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        std::str::from_utf8(b).map_err(|_| Error::Model(format!("bad UTF-8 at byte {}", self.at)))
    }
    pub fn u32s(&mut self) -> Result<Vec<u32>, Error> {
        let n = self.u32()? as usize;
        let b = self.take(
            n.checked_mul(4)
                .ok_or_else(|| Error::Model("length".into()))?,
        )?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    pub fn i16s(&mut self) -> Result<Vec<i16>, Error> {
        let n = self.u32()? as usize;
        let b = self.take(
            n.checked_mul(2)
                .ok_or_else(|| Error::Model("length".into()))?,
        )?;
        Ok(b.chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect())
    }
    pub fn u8s(&mut self) -> Result<&'a [u8], Error> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}
