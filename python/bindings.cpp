// scrapedoc._scrapedoc: the library as a Python extension (pybind11).
//
// A Document crosses into Python as plain dataclasses (scrapedoc/model.py)
// and back again for the writers, both ways driven by one table per model
// type below (`shape_of`): a field added to the model is one line there and
// one in model.py (tests/python/test_module.py checks that the two agree).
// The C++ work runs with the GIL released, so threads convert in parallel.
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <new>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "scrapedoc.hpp"

namespace py = pybind11;

namespace scrapedoc::python {

namespace {

// ---- The model's types as Python sees them ------------------------------

template <class Struct, class Member>
struct Field {
    const char* name;
    Member Struct::*member;
};

template <class Struct, class Member>
constexpr Field<Struct, Member> field(const char* name, Member Struct::*member) {
    return {name, member};
}

// A model type: the name of its class in scrapedoc.model and its fields, in
// the order the JSON writer writes them.
template <class... Fields>
struct Shape {
    const char* name;
    std::tuple<Fields...> fields;
};

template <class... Fields>
constexpr Shape<Fields...> shape(const char* name, Fields... fields) {
    return {name, {fields...}};
}

constexpr auto shape_of(const Source*) {
    return shape("Source", field("name", &Source::name), field("format", &Source::format),
                 field("sha256", &Source::sha256), field("url", &Source::url), field("retrieved", &Source::retrieved),
                 field("record_id", &Source::record_id));
}
constexpr auto shape_of(const Meta*) {
    return shape("Meta", field("title", &Meta::title), field("subtitle", &Meta::subtitle),
                 field("authors", &Meta::authors), field("publisher", &Meta::publisher), field("date", &Meta::date),
                 field("language", &Meta::language), field("direction", &Meta::direction),
                 field("page_type", &Meta::page_type), field("source", &Meta::source));
}
constexpr auto shape_of(const Paragraph*) { return shape("Paragraph", field("text", &Paragraph::text)); }
constexpr auto shape_of(const Quote*) { return shape("Quote", field("text", &Quote::text)); }
constexpr auto shape_of(const Figure*) {
    return shape("Figure", field("caption", &Figure::caption), field("credit", &Figure::credit),
                 field("src", &Figure::src), field("alt", &Figure::alt));
}
constexpr auto shape_of(const List*) {
    return shape("List", field("ordered", &List::ordered), field("items", &List::items));
}
constexpr auto shape_of(const Table*) {
    return shape("Table", field("header", &Table::header), field("rows", &Table::rows));
}
constexpr auto shape_of(const Section*) {
    return shape("Section", field("heading", &Section::heading), field("level", &Section::level),
                 field("blocks", &Section::blocks), field("author", &Section::author),
                 field("date", &Section::date));
}
constexpr auto shape_of(const Dropped*) {
    return shape("Dropped", field("text", &Dropped::text), field("reason", &Dropped::reason),
                 field("line", &Dropped::line));
}
constexpr auto shape_of(const Warning*) {
    return shape("Warning", field("message", &Warning::message), field("offset", &Warning::offset));
}
constexpr auto shape_of(const Document*) {
    return shape("Document", field("meta", &Document::meta), field("byline", &Document::byline),
                 field("blocks", &Document::blocks), field("dropped", &Document::dropped),
                 field("warnings", &Document::warnings));
}

// Every type with a shape; their Python classes are looked up once, when the
// module is imported.
using ModelTypes = std::tuple<Document, Meta, Source, Paragraph, Figure, Quote, List, Table, Section, Dropped, Warning>;

template <class T>
concept Shaped = requires { shape_of(static_cast<const T*>(nullptr)); };

// The number of members of an aggregate: how many values it can be
// brace-initialised from. Lets the compiler check that shape_of lists every
// field of the model, so a field added to document.hpp cannot be left out here.
struct any_value {
    template <class T>
    operator T() const;  // never called: only asked whether it converts
};

template <class T, class... Values>
consteval std::size_t member_count() {
    if constexpr (requires { T{Values{}..., any_value{}}; }) return member_count<T, Values..., any_value>();
    else return sizeof...(Values);
}

template <class... T>
consteval bool shapes_list_every_field(std::tuple<T...>*) {
    return ((member_count<T>() ==
             std::tuple_size_v<decltype(shape_of(static_cast<const T*>(nullptr)).fields)>) && ...);
}
static_assert(shapes_list_every_field(static_cast<ModelTypes*>(nullptr)),
              "a type of converters/model/document.hpp has a field its shape_of here does not list: "
              "add it there and to python/scrapedoc/model.py");

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_variant : std::false_type {};
template <class... T>
struct is_variant<std::variant<T...>> : std::true_type {};

// The Python class of a model type (a reference owned by the module for the
// life of the process: it is never released, so nothing is freed after the
// interpreter has gone).
template <Shaped T>
PyObject*& python_class() {
    static PyObject* cls = nullptr;
    return cls;
}

void find_python_classes(py::module_ model) {
    std::apply(
        [&](auto... types) {
            ((python_class<decltype(types)>() =
                  py::object(model.attr(shape_of(static_cast<const decltype(types)*>(nullptr)).name)).release().ptr()),
             ...);
        },
        ModelTypes{});
}

// ---- C++ -> Python ---------------------------------------------------------

py::object to_python(const std::string& s) {
    // The readers make valid UTF-8; a document built some other way still
    // reaches Python, with U+FFFD where it is not.
    return py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
}
py::object to_python(bool b) { return py::bool_(b); }
py::object to_python(int i) { return py::int_(i); }
py::object to_python(std::size_t n) { return py::int_(n); }
py::object to_python(Direction d) { return py::str(to_string(d)); }
py::object to_python(PageType t) { return py::str(to_string(t)); }

template <class T>
py::object to_python(const std::optional<T>& v);
template <class T>
py::object to_python(const std::vector<T>& v);
template <class... T>
py::object to_python(const std::variant<T...>& v);
template <Shaped T>
py::object to_python(const T& value);

template <class T>
py::object to_python(const std::optional<T>& v) {
    return v ? to_python(*v) : py::none();
}

template <class T>
py::object to_python(const std::vector<T>& v) {
    py::list list(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) list[i] = to_python(v[i]);
    return list;
}

template <class... T>
py::object to_python(const std::variant<T...>& v) {
    return std::visit([](const auto& alternative) { return to_python(alternative); }, v);
}

template <Shaped T>
py::object to_python(const T& value) {
    py::dict kwargs;
    std::apply([&](auto... f) { ((kwargs[f.name] = to_python(value.*(f.member))), ...); },
               shape_of(static_cast<const T*>(nullptr)).fields);
    return py::reinterpret_borrow<py::object>(python_class<T>())(**kwargs);
}

// ---- Python -> C++ ---------------------------------------------------------
// `where` names the field for the message when a value has the wrong type:
// "blocks[2].items[0]: expected str, not int".

[[noreturn]] void wrong_type(const std::string& where, const char* expected, py::handle got) {
    throw py::type_error(where + ": expected " + expected + ", not " + std::string(py::str(py::type::of(got).attr("__name__"))));
}

void from_python(py::handle o, std::string& out, const std::string& where) {
    if (!PyUnicode_Check(o.ptr())) wrong_type(where, "str", o);
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(o.ptr(), &size);
    if (!utf8) throw py::error_already_set();
    out.assign(utf8, static_cast<std::size_t>(size));
}
void from_python(py::handle o, bool& out, const std::string& where) {
    if (!PyBool_Check(o.ptr())) wrong_type(where, "bool", o);
    out = o.ptr() == Py_True;
}
void from_python(py::handle o, int& out, const std::string& where) {
    if (!PyLong_Check(o.ptr()) || PyBool_Check(o.ptr())) wrong_type(where, "int", o);
    out = o.cast<int>();
}
void from_python(py::handle o, std::size_t& out, const std::string& where) {
    if (!PyLong_Check(o.ptr()) || PyBool_Check(o.ptr())) wrong_type(where, "int", o);
    out = PyLong_AsSize_t(o.ptr());
    if (PyErr_Occurred()) throw py::error_already_set();
}
void from_python(py::handle o, Direction& out, const std::string& where) {
    std::string s;
    from_python(o, s, where);
    if (s == "ltr") out = Direction::ltr;
    else if (s == "rtl") out = Direction::rtl;
    else throw py::value_error(where + ": expected \"ltr\" or \"rtl\", not \"" + s + "\"");
}

void from_python(py::handle o, PageType& out, const std::string& where) {
    std::string s;
    from_python(o, s, where);
    const std::optional<PageType> t = page_type_from_string(s);
    if (!t) throw py::value_error(where + ": not a page type: \"" + s + "\"");
    out = *t;
}

template <class T>
void from_python(py::handle o, std::optional<T>& out, const std::string& where);
template <class T>
void from_python(py::handle o, std::vector<T>& out, const std::string& where);
template <class... T>
void from_python(py::handle o, std::variant<T...>& out, const std::string& where);
template <Shaped T>
void from_python(py::handle o, T& out, const std::string& where);

template <class T>
void from_python(py::handle o, std::optional<T>& out, const std::string& where) {
    if (o.is_none()) {
        out.reset();
        return;
    }
    from_python(o, out.emplace(), where);
}

template <class T>
void from_python(py::handle o, std::vector<T>& out, const std::string& where) {
    // A list or a tuple; a str is a sequence too, and never meant here.
    if (!PyList_Check(o.ptr()) && !PyTuple_Check(o.ptr())) wrong_type(where, "a list", o);
    py::sequence seq = py::reinterpret_borrow<py::sequence>(o);
    const std::size_t n = seq.size();
    out.clear();
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) from_python(seq[i], out.emplace_back(), where + "[" + std::to_string(i) + "]");
}

template <class... T>
void from_python(py::handle o, std::variant<T...>& out, const std::string& where) {
    bool done = false;
    auto try_alternative = [&](auto* tag) {
        using A = std::remove_pointer_t<decltype(tag)>;
        if (done || !PyObject_IsInstance(o.ptr(), python_class<A>())) return;
        from_python(o, out.template emplace<A>(), where);
        done = true;
    };
    (try_alternative(static_cast<T*>(nullptr)), ...);
    if (!done) {
        std::string names;
        ((names += std::string(names.empty() ? "" : ", ") + shape_of(static_cast<const T*>(nullptr)).name), ...);
        wrong_type(where, ("a block (" + names + ")").c_str(), o);
    }
}

template <Shaped T>
void from_python(py::handle o, T& out, const std::string& where) {
    const auto s = shape_of(static_cast<const T*>(nullptr));
    if (!PyObject_IsInstance(o.ptr(), python_class<T>()))
        wrong_type(where.empty() ? std::string(s.name) : where, (std::string("scrapedoc.") + s.name).c_str(), o);
    std::apply(
        [&](auto... f) {
            ((from_python(o.attr(f.name), out.*(f.member), where.empty() ? f.name : where + "." + f.name)), ...);
        },
        s.fields);
}

// The fields of every model type, for the test that model.py agrees.
py::dict model_fields() {
    py::dict out;
    std::apply(
        [&](auto... types) {
            auto add = [&](auto* tag) {
                const auto s = shape_of(tag);
                py::list names;
                std::apply([&](auto... f) { (names.append(f.name), ...); }, s.fields);
                out[s.name] = names;
            };
            (add(static_cast<const decltype(types)*>(nullptr)), ...);
        },
        ModelTypes{});
    return out;
}

// ---- Errors --------------------------------------------------------------------

// scrapedoc.Error (python/scrapedoc/errors.py), looked up when the module is
// imported and kept for the life of the process.
PyObject* error_class = nullptr;

py::object error_object(const error& e) {
    py::object line = e.line() ? py::object(py::int_(e.line())) : py::object(py::none());
    return py::reinterpret_borrow<py::object>(error_class)(to_python(e.message()), to_python(e.file()), line);
}

// ---- Input -------------------------------------------------------------------

// The bytes of `data` (bytes, str as UTF-8, or any other buffer), readable
// without the GIL: bytes and str cannot change, and the caller keeps `data`
// alive for the call; other buffers (a bytearray may change under another
// thread) are copied into `copy`.
std::string_view input_bytes(py::handle data, std::string& copy) {
    if (PyBytes_Check(data.ptr())) {
        char* p = nullptr;
        Py_ssize_t n = 0;
        PyBytes_AsStringAndSize(data.ptr(), &p, &n);
        return {p, static_cast<std::size_t>(n)};
    }
    if (PyUnicode_Check(data.ptr())) {
        Py_ssize_t n = 0;
        const char* p = PyUnicode_AsUTF8AndSize(data.ptr(), &n);
        if (!p) throw py::error_already_set();
        return {p, static_cast<std::size_t>(n)};
    }
    if (PyObject_CheckBuffer(data.ptr())) {
        py::buffer_info info = py::reinterpret_borrow<py::buffer>(data).request();
        copy.assign(static_cast<const char*>(info.ptr), static_cast<std::size_t>(info.size * info.itemsize));
        return copy;
    }
    wrong_type("data", "bytes or str", data);
}

read_options make_read_options(const std::string& format, const std::string& name, std::size_t max_input) {
    read_options options;
    options.format = format;
    options.source_name = name;
    options.max_input = max_input;
    return options;
}

// A web archive holds many pages, and read() makes one document: with
// format "auto", bytes that open a WARC (as `scrapedoc convert --from auto`
// tells one) are refused with what to do instead.
void refuse_warc(std::string_view bytes, const read_options& options, const char* instead) {
    if (options.format == "auto" && looks_like_warc(bytes.substr(0, 4096)))
        throw error(options.source_name, std::string("a web archive (WARC) of many pages, not one page: ") + instead);
}

void refuse_warc_file(const std::string& path, const read_options& options, const char* instead) {
    // Only a regular file can be looked at first: what is read of a pipe
    // (a FIFO, bash's <(...)) would be gone for the reader.
    std::error_code ec;
    if (options.format != "auto" || !std::filesystem::is_regular_file(path, ec)) return;
    std::ifstream in(path, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    refuse_warc(head, options, instead);
}

constexpr const char* use_read_warc = "read it with scrapedoc.read_warc";

// Whatever else the reader throws is, as on the command line, an input that
// could not be converted.
template <class F>
auto as_input_error(const std::string& name, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw error(name, "out of memory while reading it");
    } catch (const std::exception& e) {
        throw error(name, e.what());
    }
}

py::object to_str(const std::string& s) { return to_python(s); }

// The output format is checked before the input is read: an unknown one
// is not the input's fault.
void check_writer(const std::string& to) {
    if (scrapedoc::extension_for_writer(to).empty()) throw error("-", "unknown output format \"" + to + "\"");
}

// A path as str, bytes or os.PathLike, as the file name it is.
std::string file_name(py::handle path) {
    py::object name = py::module_::import("os").attr("fsdecode")(path);
    std::string out;
    from_python(name, out, "path");
    return out;
}

// ---- Web archives --------------------------------------------------------

// scrapedoc.read_warc: the pages of a web archive one at a time, from a
// path, bytes, or a binary file object (read with readinto, or read). With
// `to` empty each is a Document; otherwise the page written in that format
// with its warnings (scrapedoc.distributed's tasks, which never need the
// Python objects). Damaged records are collected in `problems`; reading
// goes on at the next record, as on the command line.
class WarcPages {
public:
    WarcPages(py::object source, read_options options, std::string to)
        : source_(std::move(source)), to_(std::move(to)) {
        if (!to_.empty()) check_writer(to_);
        // Bytes that cannot change, a file object, or a path.
        if (PyBytes_Check(source_.ptr()) || PyByteArray_Check(source_.ptr()) || PyMemoryView_Check(source_.ptr())) {
            if (!PyBytes_Check(source_.ptr())) {  // a copy that cannot change
                source_ = py::reinterpret_steal<py::object>(PyBytes_FromObject(source_.ptr()));
                if (!source_) throw py::error_already_set();
            }
            std::string unused;
            reader_.emplace(warc_reader::from_bytes(input_bytes(source_, unused), options));
        } else if (py::hasattr(source_, "readinto") || py::hasattr(source_, "read")) {
            reader_.emplace(warc_reader::from_function(
                [this](char* buf, std::size_t n) { return pull(buf, n); }, options));
        } else {
            const std::string path = file_name(source_);
            if (options.source_name == "-") options.source_name = path;
            py::gil_scoped_release release;
            reader_.emplace(std::filesystem::path(path), options);
        }
        name_ = options.source_name;
    }

    // The reader's pull function holds `this`: the object never moves
    // (pybind11 gets it as made, in a unique_ptr).
    WarcPages(const WarcPages&) = delete;
    WarcPages& operator=(const WarcPages&) = delete;

    py::object next() {
        std::optional<warc_entry> entry;
        if (pull_failed_) throw py::stop_iteration();  // its error was raised already
        for (;;) {
            {
                py::gil_scoped_release release;
                entry = reader_->next();
                if (entry && entry->document && !to_.empty()) text_ = scrapedoc::write(*entry->document, to_, {});
            }
            if (pull_error_) {
                // The file object raised: that, not what the reader made of
                // the end it then saw.
                py::error_already_set e = std::move(*pull_error_);
                pull_error_.reset();
                throw e;
            }
            if (!entry) throw py::stop_iteration();
            if (entry->problem) {
                problems_.append(error_object(*entry->problem));
                continue;
            }
            if (to_.empty()) return to_python(*entry->document);
            std::vector<std::string> warnings;
            for (const auto& w : entry->document->warnings)
                warnings.push_back(name_ + ": record at byte " + std::to_string(entry->offset) + ": warning: " + w.message);
            return py::make_tuple(py::bytes(text_), to_python(warnings));
        }
    }

    py::dict summary() const {
        const warc_summary& s = reader_->summary();
        py::dict skipped;
        for (const auto& [kind, n] : s.skipped) skipped[to_python(kind)] = n;
        py::dict out;
        out["records"] = s.records;
        out["converted"] = s.converted;
        out["failed"] = s.failed;
        out["skipped"] = skipped;
        return out;
    }

    py::list problems() const { return problems_; }

private:
    // Called by the reader without the GIL.
    std::size_t pull(char* buf, std::size_t n) {
        if (pull_failed_) return 0;  // the end, for the reader, after the stream failed
        py::gil_scoped_acquire acquire;
        try {
            if (py::hasattr(source_, "readinto")) {
                py::object view = py::reinterpret_steal<py::object>(
                    PyMemoryView_FromMemory(buf, static_cast<Py_ssize_t>(n), PyBUF_WRITE));
                py::object got = source_.attr("readinto")(view);
                return got.is_none() ? 0 : got.cast<std::size_t>();
            }
            py::bytes chunk = source_.attr("read")(n);
            std::string_view bytes = chunk;
            const std::size_t k = std::min(n, bytes.size());
            std::memcpy(buf, bytes.data(), k);
            return k;
        } catch (py::error_already_set& e) {
            pull_error_.emplace(std::move(e));
            pull_failed_ = true;
            return 0;
        }
    }

    py::object source_;
    std::string to_;
    std::string name_;
    std::string text_;
    std::optional<warc_reader> reader_;
    std::optional<py::error_already_set> pull_error_;
    bool pull_failed_ = false;
    py::list problems_;
};

}  // namespace

}  // namespace scrapedoc::python

PYBIND11_MODULE(_scrapedoc, m) {
    using namespace scrapedoc;
    using namespace scrapedoc::python;
    m.doc() = "scrapedoc's C++ library; use it through the scrapedoc package.";

    find_python_classes(py::module_::import("scrapedoc.model"));
    error_class = py::object(py::module_::import("scrapedoc.errors").attr("Error")).release().ptr();
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const scrapedoc::error& e) {
            PyErr_SetObject(error_class, error_object(e).ptr());
        }
    });

    m.def("version", &scrapedoc::version);
    m.def("reader_names", [] { return to_python(scrapedoc::reader_names()); });
    m.def("writer_names", [] { return to_python(scrapedoc::writer_names()); });
    m.attr("default_max_input") = py::int_(default_max_input);
    m.def("_model_fields", &model_fields);

    m.def(
        "read",
        [](py::object data, const std::string& format, const std::string& name, std::size_t max_input) {
            std::string copy;
            const std::string_view bytes = input_bytes(data, copy);
            const read_options options = make_read_options(format, name, max_input);
            Document doc;
            {
                py::gil_scoped_release release;
                refuse_warc(bytes, options, use_read_warc);
                doc = as_input_error(name, [&] { return scrapedoc::read(bytes, options); });
            }
            return to_python(doc);
        },
        py::arg("data"), py::arg("format") = "auto", py::arg("name") = "-", py::arg("max_input") = default_max_input);

    m.def(
        "read_file",
        [](py::object path, const std::string& format, std::size_t max_input) {
            const std::string name = file_name(path);
            read_options options = make_read_options(format, name, max_input);
            Document doc;
            {
                py::gil_scoped_release release;
                refuse_warc_file(name, options, use_read_warc);
                doc = as_input_error(name, [&] { return scrapedoc::read_file(name, options); });
            }
            return to_python(doc);
        },
        py::arg("path"), py::arg("format") = "auto", py::arg("max_input") = default_max_input);

    m.def(
        "write",
        [](py::handle doc, const std::string& format, bool front_matter) {
            Document d;
            from_python(doc, d, "");
            write_options options;
            options.front_matter = front_matter;
            std::string out;
            {
                py::gil_scoped_release release;
                out = scrapedoc::write(d, format, options);
            }
            return to_str(out);
        },
        py::arg("doc"), py::arg("format") = "json", py::arg("front_matter") = false);

    m.def(
        "convert_file",
        [](py::object path, const std::string& to, const std::string& format, std::size_t max_input,
           bool front_matter) {
            const std::string name = file_name(path);
            const read_options options = make_read_options(format, name, max_input);
            write_options wo;
            wo.front_matter = front_matter;
            std::string out;
            {
                py::gil_scoped_release release;
                check_writer(to);
                refuse_warc_file(name, options, use_read_warc);
                Document doc = as_input_error(name, [&] { return scrapedoc::read_file(name, options); });
                out = scrapedoc::write(doc, to, wo);
            }
            return to_str(out);
        },
        py::arg("path"), py::arg("to") = "json", py::arg("format") = "auto", py::arg("max_input") = default_max_input,
        py::arg("front_matter") = false);

    // One page of a batch (scrapedoc.distributed): the output, as bytes
    // for the output file, and the reader's warnings, which a batch reports
    // as the command line does. `data` None reads the file `name`.
    m.def("_convert_page", [](py::object data, const std::string& name, const std::string& to,
                              const std::string& format, std::size_t max_input) {
        std::string copy;
        const bool from_file = data.is_none();
        const std::string_view bytes = from_file ? std::string_view() : input_bytes(data, copy);
        const read_options options = make_read_options(format, name, max_input);
        std::string out;
        std::vector<std::string> warnings;
        {
            py::gil_scoped_release release;
            check_writer(to);
            constexpr const char* instead = "give it a .warc or .warc.gz name, or --from warc";
            if (from_file) refuse_warc_file(name, options, instead);
            else refuse_warc(bytes, options, instead);
            Document doc = as_input_error(name, [&] {
                return from_file ? scrapedoc::read_file(name, options) : scrapedoc::read(bytes, options);
            });
            out = scrapedoc::write(doc, to, {});
            for (auto& w : doc.warnings) warnings.push_back(std::move(w.message));
        }
        return py::make_tuple(py::bytes(out), to_python(warnings));
    });

    py::class_<WarcPages>(m, "WarcPages", "The pages of a web archive, read one record at a time "
                                          "(scrapedoc.read_warc)")
        .def("__iter__", [](py::object self) { return self; })
        .def("__next__", &WarcPages::next)
        .def_property_readonly("summary", &WarcPages::summary,
                               "What the archive held so far: records, converted, failed, skipped by kind")
        .def_property_readonly("problems", &WarcPages::problems,
                               "scrapedoc.Error for each damaged record or page that could not be read");

    m.def(
        "read_warc",
        [](py::object source, py::object name, std::size_t max_input) {
            read_options options = make_read_options("auto", name.is_none() ? "-" : file_name(name), max_input);
            return std::make_unique<WarcPages>(std::move(source), options, "");
        },
        py::arg("source"), py::arg("name") = py::none(), py::arg("max_input") = default_max_input);

    // The pages of a WARC written in a format, as bytes, each with its
    // warnings as the command line words them (scrapedoc.distributed).
    m.def("_read_warc", [](py::object source, const std::string& name, std::size_t max_input, const std::string& to) {
        return std::make_unique<WarcPages>(std::move(source), make_read_options("auto", name, max_input), to);
    });

    // An output file that appears under its name only when committed
    // (scrapedoc::output_file, as the command line writes): a process killed
    // before leaves nothing under the name.
    py::class_<output_file>(m, "_OutputFile")
        .def(py::init([](py::object path) { return std::make_unique<output_file>(file_name(path)); }))
        .def("write",
             [](output_file& f, py::bytes data) {
                 const std::string_view bytes = data;
                 py::gil_scoped_release release;
                 f.write(bytes);
             })
        .def("commit", [](output_file& f) {
            py::gil_scoped_release release;
            f.commit();
        });

    m.def(
        "convert",
        [](py::object data, const std::string& to, const std::string& format, const std::string& name,
           std::size_t max_input, bool front_matter) {
            std::string copy;
            const std::string_view bytes = input_bytes(data, copy);
            const read_options options = make_read_options(format, name, max_input);
            write_options wo;
            wo.front_matter = front_matter;
            std::string out;
            {
                py::gil_scoped_release release;
                check_writer(to);
                refuse_warc(bytes, options, use_read_warc);
                Document doc = as_input_error(name, [&] { return scrapedoc::read(bytes, options); });
                out = scrapedoc::write(doc, to, wo);
            }
            return to_str(out);
        },
        py::arg("data"), py::arg("to") = "json", py::arg("format") = "auto", py::arg("name") = "-",
        py::arg("max_input") = default_max_input, py::arg("front_matter") = false);
}
