//! Test images made on the spot: one set of builders for the pipeline's unit tests, the
//! integration tests and the pipeline's benchmark. The last two have no access to a
//! `cfg(test)` module of the library, so they include this file by its path; it uses
//! nothing of the crate, only `image` and `png`.

use image::ImageEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;

/// A gradient with deterministic noise, RGB: compresses like a photo, not like a flat
/// colour.
pub fn photo_rgb(width: u32, height: u32) -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let noise = seed % 24;
            data.push(((x * 200 / width) + noise) as u8);
            data.push(((y * 200 / height) + noise) as u8);
            data.push((((x + y) * 100 / (width + height)) + noise) as u8);
        }
    }
    data
}

/// `rgb` as a JPEG of quality 90.
pub fn encode_jpeg(rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(rgb, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// `rgba` as a PNG.
pub fn encode_png(rgba: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(rgba, width, height, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

/// A photo-like JPEG.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    encode_jpeg(&photo_rgb(width, height), width, height)
}

/// A big-endian TIFF/EXIF block: Orientation = `orientation`, and a GPS IFD with
/// GPSLatitudeRef and GPSLatitude.
pub fn exif_tiff(orientation: u16) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"MM\0\x2a");
    t.extend_from_slice(&8u32.to_be_bytes());
    // IFD0 at 8: 2 entries
    t.extend_from_slice(&2u16.to_be_bytes());
    // Orientation, SHORT, 1
    t.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1]);
    t.extend_from_slice(&orientation.to_be_bytes());
    t.extend_from_slice(&[0, 0]);
    // GPSInfo IFD pointer, LONG, 1, -> 38
    t.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1]);
    t.extend_from_slice(&38u32.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    assert_eq!(t.len(), 38);
    // GPS IFD at 38: 2 entries
    t.extend_from_slice(&2u16.to_be_bytes());
    // GPSLatitudeRef, ASCII, 2, "N\0"
    t.extend_from_slice(&[0x00, 0x01, 0x00, 0x02, 0, 0, 0, 2, b'N', 0, 0, 0]);
    // GPSLatitude, RATIONAL, 3, -> 68
    t.extend_from_slice(&[0x00, 0x02, 0x00, 0x05, 0, 0, 0, 3]);
    t.extend_from_slice(&68u32.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(t.len(), 68);
    for (num, den) in [(52u32, 1u32), (31, 1), (1234, 100)] {
        t.extend_from_slice(&num.to_be_bytes());
        t.extend_from_slice(&den.to_be_bytes());
    }
    t
}

/// `jpeg` with an APP1 "Exif" segment holding `tiff` right after SOI.
pub fn splice_exif_into_jpeg(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(tiff);
    let len = u16::try_from(payload.len() + 2).unwrap();
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A photo-like JPEG carrying EXIF: Orientation = `orientation` and a GPS position.
pub fn jpeg_with_exif(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    splice_exif_into_jpeg(&jpeg(width, height), &exif_tiff(orientation))
}

/// A real PNG of `width`×`height` 1-bit pixels, all zero: a decompression bomb, small on
/// disk (under 200 KB at 30000×30000) and huge once decoded.
pub fn huge_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_compression(png::Compression::High);
        let mut writer = encoder.write_header().unwrap();
        let mut stream = writer.stream_writer().unwrap();
        let row = vec![0u8; (width as usize).div_ceil(8)];
        for _ in 0..height {
            std::io::Write::write_all(&mut stream, &row).unwrap();
        }
        stream.finish().unwrap();
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
