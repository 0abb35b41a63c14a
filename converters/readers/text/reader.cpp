// The plain-text reader: runs the segmenter's stages and, when asked,
// explains every line.
#include "readers/registry.hpp"
#include "readers/text/segmenter.hpp"

namespace scrapedoc::readers {

namespace {

using namespace text_segmenter;

// Any text can be read as text; other readers claim their formats with
// higher scores.
int sniff_text(std::string_view) { return 10; }

Document read_text(std::string_view text, const ReadContext& context) {
    std::vector<Line> lines = split_lines(text);
    describe_lines(lines);
    classify_lines(lines);
    Document doc = assemble_document(lines);
    if (context.explain) {
        for (const auto& l : lines) {
            if (l.kind == Kind::blank) continue;
            std::string kind = kind_name(l.kind);
            if (l.kind == Kind::dropped) kind += ":" + l.reason;
            context.explain->push_back({l.number, kind, l.reason, l.text});
        }
    }
    return doc;
}

}  // namespace

const Reader text_reader{"text", "text", sniff_text, read_text};

}  // namespace scrapedoc::readers
