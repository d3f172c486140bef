// A PNG encoder for the generated shapes: 8-bit RGB, every row filtered with "Up" (each byte
// minus the byte above), and a deflate stream of our own that codes runs of equal bytes.
//
// The images are flat colour, so after the Up filter almost every byte is 0 and the data is
// a few thousand long runs. zlib looks at every byte (about 13 instructions each); coding
// runs directly, with the fixed Huffman table and distance-1 matches, touches each byte once
// with word-wide compares and computes the Adler-32 checksum of a run in closed form. The
// output is ordinary zlib/deflate that every PNG reader decodes.
#include <zlib.h>

#include <cstring>

#include "hdl/core/error.hpp"
#include "hdl/generators.hpp"

namespace hdl::gen {
namespace {

constexpr std::uint8_t kFilterUp = 2;
constexpr std::uint32_t kAdlerModulus = 65521;
constexpr std::size_t kMaxMatch = 258, kMinMatch = 3;

/// Deflate's bit order: values LSB-first; Huffman codes MSB-first.
class BitWriter {
 public:
  explicit BitWriter(std::string& out) : out_(out) {}
  void bits(std::uint32_t value, int count) {
    buffer_ |= static_cast<std::uint64_t>(value) << filled_;
    filled_ += count;
    while (filled_ >= 8) {
      out_.push_back(static_cast<char>(buffer_ & 0xff));
      buffer_ >>= 8;
      filled_ -= 8;
    }
  }
  void huffman(std::uint32_t code, int length) {
    std::uint32_t reversed = 0;
    for (int i = 0; i < length; ++i) reversed |= ((code >> i) & 1u) << (length - 1 - i);
    bits(reversed, length);
  }
  void flush() {
    if (filled_ > 0) bits(0, 8 - filled_);
  }

 private:
  std::string& out_;
  std::uint64_t buffer_ = 0;
  int filled_ = 0;
};

/// Fixed-Huffman literal/length symbols 0..287 (RFC 1951, 3.2.6).
void write_symbol(BitWriter& out, unsigned symbol) {
  if (symbol <= 143) out.huffman(0x30 + symbol, 8);
  else if (symbol <= 255) out.huffman(0x190 + (symbol - 144), 9);
  else if (symbol <= 279) out.huffman(symbol - 256, 7);
  else out.huffman(0xc0 + (symbol - 280), 8);
}

/// A match of `length` (3..258) bytes at distance 1: the previous byte repeated.
void write_repeat(BitWriter& out, std::size_t length) {
  static constexpr std::uint16_t kBase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                              31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  static constexpr std::uint8_t kExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                              2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  int code = 28;
  while (kBase[code] > length) --code;
  write_symbol(out, 257 + code);
  if (kExtra[code] > 0) out.bits(static_cast<std::uint32_t>(length - kBase[code]), kExtra[code]);
  out.huffman(0, 5);  // distance code 0: distance 1
}

/// Length of the run of bytes equal to data[begin] starting at `begin`, compared a word at a time.
std::size_t run_length(const std::uint8_t* data, std::size_t begin, std::size_t end) {
  const std::uint8_t value = data[begin];
  std::uint64_t pattern = 0x0101010101010101ULL * value;
  std::size_t i = begin + 1;
  while (i + 8 <= end) {
    std::uint64_t word;
    std::memcpy(&word, data + i, 8);
    if (word != pattern) break;
    i += 8;
  }
  while (i < end && data[i] == value) ++i;
  return i - begin;
}

/// A zlib stream (header, one fixed-Huffman deflate block, Adler-32) of `data`.
std::string zlib_runs(const std::vector<std::uint8_t>& data) {
  std::string out;
  out.reserve(data.size() / 64 + 64);
  out.push_back('\x78');  // deflate, 32 KiB window
  out.push_back('\x01');  // no dictionary, fastest; (0x7801 % 31 == 0)
  BitWriter bits(out);
  bits.bits(1, 1);  // BFINAL
  bits.bits(1, 2);  // BTYPE 01: fixed Huffman codes

  std::uint64_t adler_a = 1, adler_b = 0;
  for (std::size_t i = 0; i < data.size();) {
    const std::uint8_t value = data[i];
    const std::size_t run = run_length(data.data(), i, data.size());
    // Adler-32 over `run` copies of `value`: a grows by run*value, b by run*a + value*run(run+1)/2.
    adler_b = (adler_b + run % kAdlerModulus * adler_a +
               static_cast<std::uint64_t>(value) * ((run * (run + 1) / 2) % kAdlerModulus)) % kAdlerModulus;
    adler_a = (adler_a + static_cast<std::uint64_t>(value) * (run % kAdlerModulus)) % kAdlerModulus;

    write_symbol(bits, value);  // the first byte as a literal, the rest as repeats of it
    std::size_t remaining = run - 1;
    while (remaining >= kMinMatch) {
      std::size_t length = std::min(remaining, kMaxMatch);
      if (remaining - length > 0 && remaining - length < kMinMatch) length = remaining - kMinMatch;
      write_repeat(bits, length);
      remaining -= length;
    }
    for (; remaining > 0; --remaining) write_symbol(bits, value);
    i += run;
  }
  write_symbol(bits, 256);  // end of block
  bits.flush();
  const auto adler = static_cast<std::uint32_t>((adler_b << 16) | adler_a);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(adler >> shift));
  return out;
}

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

void put_chunk(std::string& out, const char type[4], const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t type_at = out.size();
  out.append(type, 4);
  out += data;
  const auto* crc_start = reinterpret_cast<const Bytef*>(out.data() + type_at);
  put_u32(out, static_cast<std::uint32_t>(crc32(0, crc_start, static_cast<uInt>(4 + data.size()))));
}

}  // namespace

std::string zlib_compress_runs(const std::vector<std::uint8_t>& data) { return zlib_runs(data); }

std::string encode_png(const RgbImage& image) {
  const std::size_t stride = static_cast<std::size_t>(image.size) * 3;
  // Filtered scanlines: one filter-type byte, then the row minus the row above (0 above row 0).
  // Kept per thread: the buffer is large, and allocating it afresh costs page faults.
  thread_local std::vector<std::uint8_t> filtered;
  filtered.resize((stride + 1) * image.size);
  for (int y = 0; y < image.size; ++y) {
    std::uint8_t* line = &filtered[(stride + 1) * y];
    const std::uint8_t* row = &image.pixels[stride * y];
    line[0] = kFilterUp;
    if (y == 0) {
      std::memcpy(line + 1, row, stride);
    } else {
      const std::uint8_t* above = row - stride;
      for (std::size_t i = 0; i < stride; ++i) line[1 + i] = static_cast<std::uint8_t>(row[i] - above[i]);
    }
  }

  std::string header;
  put_u32(header, static_cast<std::uint32_t>(image.size));  // width
  put_u32(header, static_cast<std::uint32_t>(image.size));  // height
  header += '\x08';                                         // bit depth
  header += '\x02';                                         // colour type: RGB
  header += std::string(3, '\0');                           // compression, filter method, no interlace

  std::string png("\x89PNG\r\n\x1a\n", 8);
  put_chunk(png, "IHDR", header);
  put_chunk(png, "IDAT", zlib_runs(filtered));
  put_chunk(png, "IEND", std::string());
  return png;
}

}  // namespace hdl::gen
