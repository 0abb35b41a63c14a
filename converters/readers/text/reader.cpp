// The plain-text reader: runs the segmenter's stages and, when asked,
// explains every line.
#include <algorithm>

#include "readers/registry.hpp"
#include "readers/text/segmenter.hpp"

namespace scrapedoc::readers {

namespace {

using namespace text_segmenter;

// Any text can be read as text; other readers claim their formats with
// higher scores.
int sniff_text(std::string_view) { return 10; }

Document read_text(std::string_view text, const ReadContext& context) {
    TextArena arena;
    std::vector<Line> lines = split_lines(text, arena, context.spaced_lines);
    std::vector<text::SkeletonSum> skeletons;
    describe_lines(lines, arena, &skeletons);
    classify_lines(lines, arena, context.explain != nullptr);
    // Without --explain the lines are not read again, and an input its
    // owner discards can go as well while the document is built.
    AssembleOptions options;
    options.skeletons = &skeletons;
    options.release_lines = !context.explain;
    if (context.input_discarded) options.input = text;
    bool quote_joined = false;
    options.quote_joined = &quote_joined;
    Document doc = assemble_document(lines, arena, options);
    // assemble_document dropped duplicates among the lines' texts; only a
    // quote that took in the line after it is a text no line had.
    if (context.duplicates_dropped) *context.duplicates_dropped = !quote_joined;
    // Paragraphs, quotes and headings are line texts, collapsed by
    // split_lines (a joined quote: two of them and a space); list items are
    // such texts without their bullet.
    if (context.texts_collapsed) *context.texts_collapsed = true;
    if (context.explain) {
        for (const auto& l : lines) {
            if (l.kind == Kind::blank) continue;
            std::string kind = kind_name(l.kind);
            if (l.kind == Kind::dropped) (kind += ':') += l.reason;
            std::string reason(l.reason);
            if (!l.note().empty()) (reason += ", ") += l.note();
            context.explain->push_back({l.number, kind, reason, std::string(l.text)});
        }
    }
    return doc;
}

}  // namespace

const Reader text_reader{"text", "text", sniff_text, read_text};

}  // namespace scrapedoc::readers
