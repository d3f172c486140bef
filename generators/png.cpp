// A small PNG encoder for the generated shapes: 8-bit RGB, every row filtered with "Up"
// (each byte minus the byte above), deflated by zlib with run-length matching.
//
// The images are flat colour, so after the Up filter almost every byte is 0 and zlib's RLE
// strategy compresses them at memory speed. libpng's default adaptive filtering tries five
// filters per row and was the bulk of generation time.
#include <zlib.h>

#include <cstring>

#include "hdl/core/error.hpp"
#include "hdl/generators.hpp"

namespace hdl::gen {
namespace {

constexpr std::uint8_t kFilterUp = 2;
constexpr int kZlibLevel = 1;

void put_u32(std::string& out, std::uint32_t value) {
  out.push_back(static_cast<char>(value >> 24));
  out.push_back(static_cast<char>(value >> 16));
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value));
}

void put_chunk(std::string& out, const char type[4], const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t type_at = out.size();
  out.append(type, 4);
  out += data;
  const auto* crc_start = reinterpret_cast<const Bytef*>(out.data() + type_at);
  put_u32(out, static_cast<std::uint32_t>(crc32(0, crc_start, static_cast<uInt>(4 + data.size()))));
}

std::string deflate_bytes(const std::vector<std::uint8_t>& raw) {
  z_stream stream{};
  if (deflateInit2(&stream, kZlibLevel, Z_DEFLATED, /*windowBits=*/15, /*memLevel=*/8, Z_RLE) != Z_OK)
    throw Error("PNG encoding failed (zlib)");
  std::string out(deflateBound(&stream, static_cast<uLong>(raw.size())), '\0');
  stream.next_in = const_cast<Bytef*>(raw.data());
  stream.avail_in = static_cast<uInt>(raw.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw Error("PNG encoding failed (zlib)");
  return out;
}

}  // namespace

std::string encode_png(const RgbImage& image) {
  const std::size_t stride = static_cast<std::size_t>(image.size) * 3;
  // Filtered scanlines: one filter-type byte, then the row minus the row above (0 above row 0).
  std::vector<std::uint8_t> filtered((stride + 1) * image.size);
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
  header += '\x08';  // bit depth
  header += '\x02';  // colour type: RGB
  header += std::string(3, '\0');  // compression, filter method, no interlace

  std::string png("\x89PNG\r\n\x1a\n", 8);
  put_chunk(png, "IHDR", header);
  put_chunk(png, "IDAT", deflate_bytes(filtered));
  put_chunk(png, "IEND", std::string());
  return png;
}

}  // namespace hdl::gen
