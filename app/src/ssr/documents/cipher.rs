//! Uploaded documents at rest: AES-256-GCM in the STREAM construction of `aead::stream`
//! (`EncryptorBE32`), so a file of any size is sealed and opened chunk by chunk in bounded memory.
//!
//! Each file has its own random [`DataKey`], which the caller seals under the firm's key, and
//! associated data naming the stored object (for example `doc:{firm_id}:{version_id}`), so
//! ciphertext copied to another object or firm fails to open.
//!
//! A stored file is a [`HEADER_LEN`]-byte header, then the chunks:
//!
//! | bytes   | content                                    |
//! |---------|--------------------------------------------|
//! | 0..4    | magic `DKT1` (this format, version 1)      |
//! | 4..11   | random 7-byte nonce prefix                 |
//! | 11..16  | reserved, zero                             |
//! | 16..    | the sealed chunks                          |
//!
//! The plaintext is cut into chunks of [`CHUNK`] bytes; the last one may be shorter, and an
//! empty file is one empty chunk. Chunk `i` is sealed under the nonce prefix ‖ `i` as a
//! big-endian `u32` ‖ a last-chunk flag byte, with the associated data, so every sealed chunk is
//! `CHUNK + 16` bytes but the last, which is 16 to `CHUNK + 16` ([`ciphertext_len`]).
//!
//! Altered bytes, reordered or spliced chunks, a missing last chunk, trailing bytes, a wrong key
//! or wrong associated data all fail with [`CipherError::Corrupt`], and the plaintext of a chunk
//! that failed is never yielded. A chunk only counts as the last one when the input has ended,
//! so a truncated file yields its intact leading chunks and then the error: whoever consumes
//! [`decrypt_stream`] must treat the output as void when it ends in an error (an HTTP download is
//! aborted).

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use aes_gcm::aead::KeyInit;
use aes_gcm::aead::generic_array::GenericArray;
use aes_gcm::aead::stream::{DecryptorBE32, EncryptorBE32};
use aes_gcm::{Aes256Gcm, Key};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};

/// Bytes of plaintext in every chunk but the last.
pub const CHUNK: usize = 64 * 1024;

/// Bytes of the header in front of the chunks.
pub const HEADER_LEN: usize = 16;

const MAGIC: &[u8; 4] = b"DKT1";
const PREFIX_LEN: usize = 7;
const TAG_LEN: usize = 16;
const SEALED_CHUNK: usize = CHUNK + TAG_LEN;

/// One file's AES-256 key. Its `Debug` never shows the key.
#[derive(Clone)]
pub struct DataKey([u8; 32]);

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(..)")
    }
}

impl DataKey {
    /// A fresh random key, for one file.
    pub fn generate() -> DataKey {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random source works");
        DataKey(bytes)
    }

    /// The key from the 32 bytes [`DataKey::as_bytes`] gave; `None` for any other length.
    pub fn from_bytes(bytes: &[u8]) -> Option<DataKey> {
        <[u8; 32]>::try_from(bytes).ok().map(DataKey)
    }

    /// The key's bytes, to seal under the firm's key.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn cipher(&self) -> Aes256Gcm {
        <Aes256Gcm as KeyInit>::new(Key::<Aes256Gcm>::from_slice(&self.0))
    }
}

/// Why sealing or opening a file stopped.
#[derive(Debug, thiserror::Error)]
pub enum CipherError {
    /// The input stream failed; its error's message.
    #[error("reading the file failed: {0}")]
    Input(String),
    /// The plaintext is longer than the limit given to [`encrypt_stream`] (or than the format's
    /// 2^32 chunks).
    #[error("the file is too large")]
    TooLarge,
    /// A bad header, altered or reordered chunks, a truncated file, or the wrong key or
    /// associated data.
    #[error("the stored file is damaged or was altered")]
    Corrupt,
}

/// What [`Sealing`] measured once it has yielded the last chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// SHA-256 of the plaintext.
    pub sha256: [u8; 32],
    /// Bytes of plaintext.
    pub plaintext_len: u64,
    /// Bytes of the stored file, header included: `ciphertext_len(plaintext_len)`.
    pub ciphertext_len: u64,
}

/// Bytes of the stored file for `plaintext_len` bytes of plaintext.
pub fn ciphertext_len(plaintext_len: u64) -> u64 {
    let chunks = plaintext_len.div_ceil(CHUNK as u64).max(1);
    (HEADER_LEN as u64 + chunks * TAG_LEN as u64).saturating_add(plaintext_len)
}

/// Seals `input` (pieces of plaintext of any sizes) under `key` with the associated data `ad`.
/// The [`Sealing`] yields the stored file (the header, then one item per sealed chunk) and its
/// [`Sealing::summary`] gives the digest and lengths once the stream has ended. More than
/// `max_len` bytes of plaintext, if given, fail with [`CipherError::TooLarge`]. An input that is
/// not `Unpin` can be passed as `Box::pin(input)`.
pub fn encrypt_stream<S, E>(
    key: &DataKey,
    ad: impl Into<Vec<u8>>,
    input: S,
    max_len: Option<u64>,
) -> Sealing<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: fmt::Display,
{
    let mut prefix = [0u8; PREFIX_LEN];
    getrandom::fill(&mut prefix).expect("the operating system's random source works");
    let mut header: Vec<u8> = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&prefix);
    header.resize(HEADER_LEN, 0);
    Sealing {
        blocks: Blocks::new(input),
        ad: ad.into(),
        header: Some(Bytes::from(header)),
        encryptor: Some(EncryptorBE32::<Aes256Gcm>::from_aead(
            key.cipher(),
            GenericArray::from_slice(&prefix[..]),
        )),
        hasher: Sha256::default(),
        plaintext_len: 0,
        ciphertext_len: 0,
        max_len,
        summary: None,
    }
}

/// Opens a file [`encrypt_stream`] sealed, given as pieces of any sizes, under the same key and
/// associated data. The [`Opening`] yields the plaintext chunk by chunk (at most [`CHUNK`] bytes
/// each, never an empty item) and ends after the first error.
pub fn decrypt_stream<S, E>(key: &DataKey, ad: impl Into<Vec<u8>>, input: S) -> Opening<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: fmt::Display,
{
    Opening {
        blocks: Blocks::new(input),
        ad: ad.into(),
        phase: Phase::Header(key.cipher()),
    }
}

/// The stream of a file being sealed, from [`encrypt_stream`]. It ends after the last chunk or
/// the first error.
pub struct Sealing<S> {
    blocks: Blocks<S>,
    ad: Vec<u8>,
    /// The header, until it is yielded.
    header: Option<Bytes>,
    /// `None` once the last chunk or an error has been yielded.
    encryptor: Option<EncryptorBE32<Aes256Gcm>>,
    hasher: Sha256,
    plaintext_len: u64,
    ciphertext_len: u64,
    max_len: Option<u64>,
    summary: Option<Summary>,
}

impl<S> Sealing<S> {
    /// The plaintext's digest and the lengths once the stream has yielded its last chunk; `None`
    /// before that or after an error. To hand the stream to a consumer and read this afterwards,
    /// lend it with `StreamExt::by_ref`.
    pub fn summary(&self) -> Option<Summary> {
        self.summary
    }
}

impl<S, E> Stream for Sealing<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: fmt::Display,
{
    type Item = Result<Bytes, CipherError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(header) = this.header.take() {
            this.ciphertext_len = header.len() as u64;
            return Poll::Ready(Some(Ok(header)));
        }
        // Taken out for this chunk: every early return but `Pending` leaves the stream ended.
        let Some(mut encryptor) = this.encryptor.take() else {
            return Poll::Ready(None);
        };
        let Block { mut bytes, last } = match this.blocks.poll_block(cx, CHUNK) {
            Poll::Pending => {
                this.encryptor = Some(encryptor);
                return Poll::Pending;
            }
            Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
            Poll::Ready(Ok(block)) => block,
        };
        this.plaintext_len += bytes.len() as u64;
        if this.max_len.is_some_and(|max| this.plaintext_len > max) {
            return Poll::Ready(Some(Err(CipherError::TooLarge)));
        }
        this.hasher.update(&bytes);
        // Sealing fails only when the chunk counter would overflow.
        let sealed = if last {
            encryptor.encrypt_last_in_place(&this.ad, &mut bytes)
        } else {
            let sealed = encryptor.encrypt_next_in_place(&this.ad, &mut bytes);
            if sealed.is_ok() {
                this.encryptor = Some(encryptor);
            }
            sealed
        };
        if sealed.is_err() {
            return Poll::Ready(Some(Err(CipherError::TooLarge)));
        }
        this.ciphertext_len += bytes.len() as u64;
        if last {
            this.summary = Some(Summary {
                sha256: this.hasher.clone().finalize().into(),
                plaintext_len: this.plaintext_len,
                ciphertext_len: this.ciphertext_len,
            });
        }
        Poll::Ready(Some(Ok(Bytes::from(bytes))))
    }
}

/// The stream of a file being opened, from [`decrypt_stream`].
pub struct Opening<S> {
    blocks: Blocks<S>,
    ad: Vec<u8>,
    phase: Phase,
}

/// Where an [`Opening`] is in the file.
enum Phase {
    /// Before the header, with the cipher for the chunks.
    Header(Aes256Gcm),
    /// Among the chunks.
    Chunks(DecryptorBE32<Aes256Gcm>),
    /// After the last chunk or an error.
    Done,
}

impl<S, E> Stream for Opening<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: fmt::Display,
{
    type Item = Result<Bytes, CipherError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            // Taken out for this step: every early return but `Pending` leaves the stream ended.
            match std::mem::replace(&mut this.phase, Phase::Done) {
                Phase::Done => return Poll::Ready(None),
                Phase::Header(cipher) => {
                    let header = match this.blocks.poll_block(cx, HEADER_LEN) {
                        Poll::Pending => {
                            this.phase = Phase::Header(cipher);
                            return Poll::Pending;
                        }
                        Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                        Poll::Ready(Ok(block)) => block,
                    };
                    // Even an empty file has one chunk after its header.
                    if header.last {
                        return Poll::Ready(Some(Err(CipherError::Corrupt)));
                    }
                    // A block that is not the last has exactly `HEADER_LEN` bytes.
                    let (magic, rest) = header.bytes.split_at(MAGIC.len());
                    let (prefix, reserved) = rest.split_at(PREFIX_LEN);
                    if magic != MAGIC || reserved.iter().any(|&byte| byte != 0) {
                        return Poll::Ready(Some(Err(CipherError::Corrupt)));
                    }
                    this.phase = Phase::Chunks(DecryptorBE32::<Aes256Gcm>::from_aead(
                        cipher,
                        GenericArray::from_slice(prefix),
                    ));
                }
                Phase::Chunks(mut decryptor) => {
                    let Block { mut bytes, last } = match this.blocks.poll_block(cx, SEALED_CHUNK) {
                        Poll::Pending => {
                            this.phase = Phase::Chunks(decryptor);
                            return Poll::Pending;
                        }
                        Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                        Poll::Ready(Ok(block)) => block,
                    };
                    // A wrong tag leaves `bytes` unchanged, and they are dropped unseen.
                    let opened = if last {
                        decryptor.decrypt_last_in_place(&this.ad, &mut bytes)
                    } else {
                        let opened = decryptor.decrypt_next_in_place(&this.ad, &mut bytes);
                        if opened.is_ok() {
                            this.phase = Phase::Chunks(decryptor);
                        }
                        opened
                    };
                    if opened.is_err() {
                        return Poll::Ready(Some(Err(CipherError::Corrupt)));
                    }
                    if last && bytes.is_empty() {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(Ok(Bytes::from(bytes))));
                }
            }
        }
    }
}

/// The input cut into blocks of a given size, looking ahead to tell the last block apart.
struct Blocks<S> {
    input: S,
    /// The rest of the input's current piece.
    pending: Bytes,
    /// The block being filled.
    buf: Vec<u8>,
    /// Whether the input has ended.
    ended: bool,
}

/// A block of input: exactly the size asked for when more input follows, else the rest of the
/// input (0 bytes up to that size), marked last.
struct Block {
    bytes: Vec<u8>,
    last: bool,
}

impl<S> Blocks<S> {
    fn new(input: S) -> Blocks<S> {
        Blocks {
            input,
            pending: Bytes::new(),
            buf: Vec::new(),
            ended: false,
        }
    }

    /// The next block of `size` bytes, or the last one once the input has ended. Holds at most
    /// one block besides the input's current piece; not to be called after the last block.
    fn poll_block<E>(
        &mut self,
        cx: &mut Context<'_>,
        size: usize,
    ) -> Poll<Result<Block, CipherError>>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: fmt::Display,
    {
        loop {
            if !self.pending.is_empty() {
                if self.buf.len() == size {
                    let bytes = std::mem::take(&mut self.buf);
                    return Poll::Ready(Ok(Block { bytes, last: false }));
                }
                if self.buf.is_empty() {
                    // Room for the tag that sealing appends in place.
                    self.buf.reserve_exact(size + TAG_LEN);
                }
                let take = (size - self.buf.len()).min(self.pending.len());
                let piece = self.pending.split_to(take);
                self.buf.extend_from_slice(&piece);
            } else if self.ended {
                let bytes = std::mem::take(&mut self.buf);
                return Poll::Ready(Ok(Block { bytes, last: true }));
            } else {
                match ready!(self.input.poll_next_unpin(cx)) {
                    Some(Ok(piece)) => self.pending = piece,
                    Some(Err(error)) => {
                        return Poll::Ready(Err(CipherError::Input(error.to_string())));
                    }
                    None => self.ended = true,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use futures_util::stream;

    use super::*;

    type Pieces = stream::Iter<std::vec::IntoIter<Result<Bytes, Infallible>>>;

    /// `data` as a stream of pieces of `size` bytes (the last one shorter).
    fn pieces(data: &[u8], size: usize) -> Pieces {
        let pieces: Vec<Result<Bytes, Infallible>> = data
            .chunks(size)
            .map(|piece| Ok(Bytes::copy_from_slice(piece)))
            .collect();
        stream::iter(pieces)
    }

    fn plaintext(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 % 251) as u8).collect()
    }

    fn join(items: &[Bytes]) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::new();
        for item in items {
            out.extend_from_slice(item);
        }
        out
    }

    /// Seals `plain` fed in pieces of `size` bytes: the items yielded, and the summary.
    async fn seal(key: &DataKey, ad: &str, plain: &[u8], size: usize) -> (Vec<Bytes>, Summary) {
        let mut sealing = encrypt_stream(key, ad, pieces(plain, size), None);
        let mut items = Vec::new();
        while let Some(item) = sealing.next().await {
            items.push(item.unwrap());
        }
        (items, sealing.summary().unwrap())
    }

    /// Opens `file` fed in pieces of `size` bytes: everything yielded.
    async fn open(
        key: &DataKey,
        ad: &str,
        file: &[u8],
        size: usize,
    ) -> Vec<Result<Bytes, CipherError>> {
        decrypt_stream(key, ad, pieces(file, size)).collect().await
    }

    /// The plaintext yielded before the error that must end `results`, and nothing after it.
    fn before_corrupt(results: Vec<Result<Bytes, CipherError>>) -> Vec<u8> {
        let (last, rest) = results.split_last().expect("at least the error");
        assert!(matches!(last, Err(CipherError::Corrupt)), "{last:?}");
        let mut yielded: Vec<u8> = Vec::new();
        for item in rest {
            yielded.extend_from_slice(item.as_ref().expect("only the last item fails"));
        }
        yielded
    }

    #[tokio::test]
    async fn files_of_every_shape_round_trip_whatever_the_piece_sizes() {
        let key = DataKey::generate();
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5] {
            let plain = plaintext(len);
            for in_size in [1000, CHUNK + 3] {
                let (items, summary) = seal(&key, "doc:firm:1", &plain, in_size).await;
                assert_eq!(summary.plaintext_len, len as u64);
                assert_eq!(summary.sha256.as_slice(), Sha256::digest(&plain).as_slice());
                let file = join(&items);
                assert_eq!(file.len() as u64, summary.ciphertext_len);
                assert_eq!(summary.ciphertext_len, ciphertext_len(len as u64));
                assert_eq!(&file[..4], &MAGIC[..]);

                let (header, chunks) = items.split_first().unwrap();
                assert_eq!(header.len(), HEADER_LEN);
                assert_eq!(chunks.len(), len.div_ceil(CHUNK).max(1), "{len}");
                let (last, full) = chunks.split_last().unwrap();
                assert!(full.iter().all(|chunk| chunk.len() == SEALED_CHUNK));
                assert_eq!(last.len(), len - full.len() * CHUNK + TAG_LEN, "{len}");

                for out_size in [777, SEALED_CHUNK + 1] {
                    let mut opened: Vec<u8> = Vec::new();
                    for item in open(&key, "doc:firm:1", &file, out_size).await {
                        let item = item.unwrap();
                        assert!(!item.is_empty() && item.len() <= CHUNK);
                        opened.extend_from_slice(&item);
                    }
                    assert_eq!(opened, plain, "{len} in {in_size}, out {out_size}");
                }
            }
        }
    }

    #[tokio::test]
    async fn empty_pieces_and_one_huge_piece_are_fine() {
        let key = DataKey::generate();
        let plain = plaintext(2 * CHUNK + 9);
        let input = stream::iter(vec![
            Ok::<_, Infallible>(Bytes::new()),
            Ok(Bytes::copy_from_slice(&plain)),
            Ok(Bytes::new()),
        ]);
        let mut sealing = encrypt_stream(&key, "ad", input, None);
        let items: Vec<Bytes> = sealing.by_ref().map(Result::unwrap).collect().await;
        assert_eq!(items.len(), 1 + 3);
        assert_eq!(sealing.summary().unwrap().plaintext_len, plain.len() as u64);
        let opened: Vec<_> = open(&key, "ad", &join(&items), 5).await;
        let opened: Vec<Bytes> = opened.into_iter().map(Result::unwrap).collect();
        assert_eq!(join(&opened), plain);
    }

    #[tokio::test]
    async fn the_same_plaintext_seals_differently_each_time() {
        let key = DataKey::generate();
        let (first, _) = seal(&key, "ad", b"same", 10).await;
        let (second, _) = seal(&key, "ad", b"same", 10).await;
        assert_ne!(join(&first), join(&second));
    }

    #[tokio::test]
    async fn an_altered_byte_anywhere_fails_before_its_chunk_is_yielded() {
        let key = DataKey::generate();
        let plain = plaintext(3 * CHUNK + 5);
        let file = join(&seal(&key, "ad", &plain, 1000).await.0);
        let positions = [
            0,                                 // magic
            5,                                 // nonce prefix
            12,                                // reserved
            HEADER_LEN,                        // first chunk
            HEADER_LEN + SEALED_CHUNK - 1,     // first chunk's tag
            HEADER_LEN + SEALED_CHUNK + 100,   // second chunk
            HEADER_LEN + 2 * SEALED_CHUNK + 7, // third chunk
            HEADER_LEN + 3 * SEALED_CHUNK + 3, // last chunk
            file.len() - 1,                    // last chunk's tag
        ];
        for at in positions {
            let mut altered = file.clone();
            altered[at] ^= 0x01;
            let intact = if at < HEADER_LEN {
                0
            } else {
                (at - HEADER_LEN) / SEALED_CHUNK
            };
            let yielded = before_corrupt(open(&key, "ad", &altered, 1000).await);
            assert_eq!(yielded, &plain[..intact * CHUNK], "byte {at}");
        }
    }

    #[tokio::test]
    async fn truncated_or_extended_files_fail_after_only_their_intact_chunks() {
        let key = DataKey::generate();
        let plain = plaintext(3 * CHUNK + 5);
        let file = join(&seal(&key, "ad", &plain, 1000).await.0);
        let cuts = [
            (0, 0),
            (10, 0),
            (HEADER_LEN, 0),
            (HEADER_LEN + 10, 0),
            (HEADER_LEN + SEALED_CHUNK, 0),
            (HEADER_LEN + SEALED_CHUNK + 100, CHUNK),
            (HEADER_LEN + 3 * SEALED_CHUNK, 2 * CHUNK),
            (file.len() - 1, 3 * CHUNK),
        ];
        for (len, intact) in cuts {
            let yielded = before_corrupt(open(&key, "ad", &file[..len], 1000).await);
            assert_eq!(yielded, &plain[..intact], "cut to {len}");
        }

        let mut extended = file.clone();
        extended.push(0);
        let yielded = before_corrupt(open(&key, "ad", &extended, 1000).await);
        assert_eq!(yielded, &plain[..3 * CHUNK]);

        // When the last chunk is full, a trailing byte makes it look like a middle chunk.
        let plain = plaintext(2 * CHUNK);
        let mut extended = join(&seal(&key, "ad", &plain, 1000).await.0);
        extended.push(0);
        let yielded = before_corrupt(open(&key, "ad", &extended, 1000).await);
        assert_eq!(yielded, &plain[..CHUNK]);
    }

    #[tokio::test]
    async fn reordered_or_spliced_chunks_fail() {
        let key = DataKey::generate();
        let plain = plaintext(3 * CHUNK + 5);
        let file = join(&seal(&key, "ad", &plain, 1000).await.0);
        let chunk = |i: usize| {
            let start = HEADER_LEN + i * SEALED_CHUNK;
            start..start + SEALED_CHUNK
        };

        let mut swapped = file.clone();
        swapped[chunk(0)].copy_from_slice(&file[chunk(1)]);
        swapped[chunk(1)].copy_from_slice(&file[chunk(0)]);
        assert_eq!(before_corrupt(open(&key, "ad", &swapped, 1000).await), b"");

        let mut swapped = file.clone();
        swapped[chunk(1)].copy_from_slice(&file[chunk(2)]);
        swapped[chunk(2)].copy_from_slice(&file[chunk(1)]);
        let yielded = before_corrupt(open(&key, "ad", &swapped, 1000).await);
        assert_eq!(yielded, &plain[..CHUNK]);

        // The header of another file of the same key and length: another nonce prefix.
        let other = join(&seal(&key, "ad", &plain, 1000).await.0);
        let mut spliced = other[..HEADER_LEN].to_vec();
        spliced.extend_from_slice(&file[HEADER_LEN..]);
        assert_eq!(before_corrupt(open(&key, "ad", &spliced, 1000).await), b"");
    }

    #[tokio::test]
    async fn the_wrong_key_or_associated_data_fails_at_once() {
        let key = DataKey::generate();
        let plain = plaintext(CHUNK + 1);
        let file = join(&seal(&key, "doc:firm-a:1", &plain, 1000).await.0);
        let wrong_key =
            before_corrupt(open(&DataKey::generate(), "doc:firm-a:1", &file, 1000).await);
        assert_eq!(wrong_key, b"");
        let wrong_ad = before_corrupt(open(&key, "doc:firm-b:1", &file, 1000).await);
        assert_eq!(wrong_ad, b"");
        let mut copy = file.clone();
        copy[..4].copy_from_slice(b"DKT2");
        assert_eq!(
            before_corrupt(open(&key, "doc:firm-a:1", &copy, 1000).await),
            b""
        );
    }

    #[tokio::test]
    async fn plaintext_past_the_limit_is_refused() {
        let key = DataKey::generate();
        for max in [0, 1000, CHUNK as u64, CHUNK as u64 + 10] {
            let plain = plaintext(max as usize + 1);

            let at_limit = pieces(&plain[..max as usize], 1000);
            let mut sealing = encrypt_stream(&key, "ad", at_limit, Some(max));
            let items: Vec<_> = sealing.by_ref().collect().await;
            assert!(items.iter().all(Result::is_ok), "{max}");
            assert_eq!(sealing.summary().map(|s| s.plaintext_len), Some(max));

            let mut sealing = encrypt_stream(&key, "ad", pieces(&plain, 1000), Some(max));
            let items: Vec<_> = sealing.by_ref().collect().await;
            let (last, rest) = items.split_last().unwrap();
            assert!(
                matches!(last, Err(CipherError::TooLarge)),
                "{max}: {last:?}"
            );
            assert!(rest.iter().all(Result::is_ok));
            assert!(sealing.next().await.is_none());
            assert_eq!(sealing.summary(), None);
        }
    }

    #[tokio::test]
    async fn input_errors_end_either_stream() {
        let key = DataKey::generate();
        let failing = || {
            stream::iter(vec![
                Ok(Bytes::from_static(b"abc")),
                Err(std::io::Error::other("disk gone")),
            ])
        };
        let mut sealing = encrypt_stream(&key, "ad", failing(), None);
        let items: Vec<_> = sealing.by_ref().collect().await;
        assert!(
            matches!(items.last(), Some(Err(CipherError::Input(message))) if message.contains("disk gone")),
            "{items:?}"
        );
        assert_eq!(sealing.summary(), None);
        let opened: Vec<_> = decrypt_stream(&key, "ad", failing()).collect().await;
        assert!(
            matches!(opened.as_slice(), [Err(CipherError::Input(_))]),
            "{opened:?}"
        );
    }

    #[test]
    fn data_keys_round_trip_through_bytes_and_never_show() {
        let key = DataKey::generate();
        let again = DataKey::from_bytes(key.as_bytes()).unwrap();
        assert_eq!(again.as_bytes(), key.as_bytes());
        assert_ne!(DataKey::generate().as_bytes(), key.as_bytes());
        assert!(DataKey::from_bytes(&[0u8; 31]).is_none());
        assert_eq!(format!("{key:?}"), "DataKey(..)");
    }

    #[test]
    fn both_streams_can_move_to_another_task() {
        fn assert_send<T: Send + 'static>(_: &T) {}
        let key = DataKey::generate();
        assert_send(&encrypt_stream(&key, "ad", pieces(b"x", 1), None));
        assert_send(&decrypt_stream(&key, "ad", pieces(b"x", 1)));
    }

    #[test]
    fn ciphertext_len_counts_the_header_and_one_tag_per_chunk() {
        assert_eq!(ciphertext_len(0), 32);
        assert_eq!(ciphertext_len(1), 33);
        assert_eq!(
            ciphertext_len(CHUNK as u64),
            (HEADER_LEN + SEALED_CHUNK) as u64
        );
        assert_eq!(
            ciphertext_len(CHUNK as u64 + 1),
            (HEADER_LEN + SEALED_CHUNK + 1 + TAG_LEN) as u64
        );
    }
}
