// PluginBuffer owns one tdm_buffer filled by the plugin and releases it exactly once.
// Thread-compatible (one owner); movable, not copyable.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "tandem/tandem_plugin.h"

namespace tandem::host {

class PluginBuffer {
 public:
  PluginBuffer() = default;
  PluginBuffer(const PluginBuffer&) = delete;
  PluginBuffer& operator=(const PluginBuffer&) = delete;
  PluginBuffer(PluginBuffer&& other) noexcept : buf_(std::exchange(other.buf_, empty())) {}
  PluginBuffer& operator=(PluginBuffer&& other) noexcept {
    if (this != &other) {
      release();
      buf_ = std::exchange(other.buf_, empty());
    }
    return *this;
  }
  ~PluginBuffer() { release(); }

  // The out-parameter to hand to the plugin. Releases any previous content first.
  tdm_buffer* out() {
    release();
    return &buf_;
  }
  std::string_view view() const {
    return buf_.data == nullptr ? std::string_view() : std::string_view(buf_.data, buf_.len);
  }
  std::string str() const { return std::string(view()); }

  // Calls the plugin's release function (if any) once and empties the buffer.
  void release() {
    if (buf_.release != nullptr) buf_.release(&buf_);
    buf_ = empty();
  }

 private:
  static tdm_buffer empty() { return tdm_buffer{sizeof(tdm_buffer), nullptr, 0, nullptr}; }
  tdm_buffer buf_ = empty();
};

}  // namespace tandem::host
