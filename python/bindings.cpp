// scrapedoc._scrapedoc: the library as a Python extension (pybind11).
//
// A Document crosses into Python as plain dataclasses (scrapedoc/model.py)
// and back again for the writers, both ways driven by one table per model
// type below (`shape_of`): a field added to the model is one line there and
// one in model.py (tests/python/test_module.py checks that the two agree).
// The C++ work runs with the GIL released, so threads convert in parallel.
#include <pybind11/pybind11.h>

#include <cstddef>
#include <exception>
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
                 field("sha256", &Source::sha256));
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
                 field("blocks", &Section::blocks));
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

}  // namespace

}  // namespace scrapedoc::python

PYBIND11_MODULE(_scrapedoc, m) {
    using namespace scrapedoc;
    using namespace scrapedoc::python;
    m.doc() = "scrapedoc's C++ library; use it through the scrapedoc package.";

    find_python_classes(py::module_::import("scrapedoc.model"));
    static PyObject* error_class = py::object(py::module_::import("scrapedoc.errors").attr("Error")).release().ptr();
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const scrapedoc::error& e) {
            py::object line = e.line() ? py::object(py::int_(e.line())) : py::object(py::none());
            py::object instance =
                py::reinterpret_borrow<py::object>(error_class)(to_python(e.message()), to_python(e.file()), line);
            PyErr_SetObject(error_class, instance.ptr());
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
                Document doc = as_input_error(name, [&] { return scrapedoc::read_file(name, options); });
                out = scrapedoc::write(doc, to, wo);
            }
            return to_str(out);
        },
        py::arg("path"), py::arg("to") = "json", py::arg("format") = "auto", py::arg("max_input") = default_max_input,
        py::arg("front_matter") = false);

    // One page of a batch (scrapedoc.distributed): the output and the
    // reader's warnings, which a batch reports as the command line does.
    // `data` None reads the file `name`.
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
            Document doc = as_input_error(name, [&] {
                return from_file ? scrapedoc::read_file(name, options) : scrapedoc::read(bytes, options);
            });
            out = scrapedoc::write(doc, to, {});
            for (auto& w : doc.warnings) warnings.push_back(std::move(w.message));
        }
        return py::make_tuple(to_str(out), to_python(warnings));
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
                Document doc = as_input_error(name, [&] { return scrapedoc::read(bytes, options); });
                out = scrapedoc::write(doc, to, wo);
            }
            return to_str(out);
        },
        py::arg("data"), py::arg("to") = "json", py::arg("format") = "auto", py::arg("name") = "-",
        py::arg("max_input") = default_max_input, py::arg("front_matter") = false);
}
