// Data files under converters/data, compiled in (see scripts/embed-data.cmake).
#pragma once

#include <cstddef>
#include <string_view>

namespace scrapedoc::data {

struct EmbeddedFile {
    std::string_view path;     // relative to converters/data, e.g. "cues/share.txt"
    std::string_view content;
};

extern const EmbeddedFile files[];
extern const std::size_t file_count;

// Content of a data file; empty when there is none by that path.
inline std::string_view embedded_file(std::string_view path) {
    for (std::size_t i = 0; i < file_count; ++i)
        if (files[i].path == path) return files[i].content;
    return {};
}

// Calls each(line) for every line of a data file's content (split at '\n',
// the line end left out; a last line without one counts too).
template <class F>
void for_each_line(std::string_view content, F&& each) {
    std::size_t pos = 0;
    while (pos < content.size()) {
        std::size_t end = content.find('\n', pos);
        if (end == std::string_view::npos) end = content.size();
        each(content.substr(pos, end - pos));
        pos = end + 1;
    }
}

}  // namespace scrapedoc::data
