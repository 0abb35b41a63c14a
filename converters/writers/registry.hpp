// The table of writers: name -> function. Adding an output format is one
// writer file and one line in registry.cpp.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/document.hpp"
#include "scrapedoc.hpp"

namespace scrapedoc::writers {

// Takes a writer's output piece by piece, in order.
using Sink = std::function<void(std::string_view)>;

struct Writer {
    std::string_view name;                     // as given to --to
    std::vector<std::string_view> extensions;  // output file extensions, first is the default
    std::string (*write)(const Document& doc, const write_options& options);
    // Optional: the same output handed to a sink as it is produced, so a
    // large document is never held twice (write_file uses it).
    void (*stream)(const Document& doc, const write_options& options, const Sink& sink) = nullptr;
};

const std::vector<Writer>& all();
const Writer* find(std::string_view name);

std::string write_json(const Document& doc, const write_options& options);
void stream_json(const Document& doc, const write_options& options, const Sink& sink);
// JSON Lines: the JSON writer's object on one line, ended by a line feed.
std::string write_json_line(const Document& doc, const write_options& options);
void stream_json_line(const Document& doc, const write_options& options, const Sink& sink);
std::string write_tei(const Document& doc, const write_options& options);
std::string write_markdown(const Document& doc, const write_options& options);

}  // namespace scrapedoc::writers
