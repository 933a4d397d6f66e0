"""What a handbook keeps of the pages it has painted: nothing but a place in a temporary file.

``PdfAssembler`` (assembly.py) paints a handbook page by page into one PDF and writes it at
the end. WeasyPrint's own objects for a painted page are meant to live a moment, not the whole
build: a content stream is a list of small ``bytes``, every group (an SVG label, an element
with opacity) a tree of pydyf dictionaries holding one, and every font a copy of its whole
font file. Kept as they were, a 200-guide handbook held ~145 KB of Python objects per guide
(its RSS grew ~0.26 MB a guide) for a PDF of 33 KB a guide, plus ~65 MB for the font files.

So as soon as a page is painted, what the PDF needs of it is made final and written out:

- its content stream is compressed (``content_stream``);
- its groups and patterns are compressed (``freeze``) and their resources numbered with
  WeasyPrint's own ``_reference_resources`` (``seal``);
- those final objects go to a temporary file (``Spill``) and are read back when the PDF is
  written; memory keeps a page's dictionary and a reference per group;
- a font's file is read back from HarfBuzz only if something needs it again (``FontTable``).

It leans on WeasyPrint's PDF internals, as assembly.py does (pinned to WeasyPrint < 71, and
covered by tests that read the PDFs back and compare them with WeasyPrint's own).
"""

import itertools
import tempfile
import zlib
from array import array

import pydyf
from pydyf import _to_bytes
from weasyprint.pdf import _reference_resources
from weasyprint.pdf.fonts import Font
from weasyprint.pdf.stream import Stream
from weasyprint.text.fonts import get_hb_object_data

LEVEL = 6  # zlib: a tenth of the time of pydyf's 9 for a few per cent more bytes
RESOURCE_KINDS = ("XObject", "Pattern")  # the resources that are streams painted on a page


def _compressed(items):
    return zlib.compress(b"\n".join(_to_bytes(item) for item in items), LEVEL)


def _stream_bytes(extra, content):
    extra = pydyf.Dictionary({**extra, "Filter": "/FlateDecode", "Length": len(content)})
    return b"\n".join((extra.data, b"stream", content, b"endstream"))


def content_stream(painted):
    """A painted page's content stream as the bytes of a compressed PDF stream."""
    return _stream_bytes(painted.extra, _compressed(painted.stream))


def reference(number):
    return f"{number} 0 R".encode()


class _Spilled:
    """Stands in ``pdf.objects`` for an object whose bytes are in the spill file."""

    free = "n"

    def __repr__(self):
        return "<spilled PDF object>"


SPILLED = _Spilled()


class _Reread(pydyf.Object):
    """A spilled object read back from the file when the PDF is written."""

    def __init__(self, spill, number):
        super().__init__()
        self.number, self._spill = number, spill

    @property
    def data(self):
        return self._spill.read(self.number)

    @property
    def compressible(self):  # a stream can not go into an object stream
        return not self._spill.streams[self.number] and not self.generation


class Spill:
    """Final objects of a PDF being built, kept in a temporary file until it is written."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.file = tempfile.TemporaryFile(prefix="zhinan-pdf-")
        self.offsets, self.lengths = array("q"), array("q")  # by object number
        self.streams = bytearray()  # by object number: 1 for a stream

    def _place(self, number, data, stream):
        missing = number + 1 - len(self.offsets)
        if missing > 0:
            self.offsets.extend([-1] * missing)
            self.lengths.extend([0] * missing)
            self.streams.extend(bytes(missing))
        self.file.seek(0, 2)
        self.offsets[number], self.lengths[number] = self.file.tell(), len(data)
        self.streams[number] = stream
        self.file.write(data)
        self.pdf.objects[number] = SPILLED

    def add(self, data, stream=True):
        """Number ``data`` (an object's bytes) as a new object and spill it; its reference."""
        number = len(self.pdf.objects)
        self.pdf.objects.append(SPILLED)
        self._place(number, data, stream)
        return reference(number)

    def put(self, number):
        """Spill the numbered object ``number``, which will not change any more."""
        original = self.pdf.objects[number]
        self._place(number, original.data, isinstance(original, pydyf.Stream))

    def read(self, number):
        self.file.seek(self.offsets[number])
        return self.file.read(self.lengths[number])

    def restore(self):
        """Put readers back in ``pdf.objects``, for pydyf to write; before ``close``."""
        objects = self.pdf.objects
        for number, item in enumerate(objects):
            if item is SPILLED:
                objects[number] = _Reread(self, number)

    def close(self):
        self.file.close()


# What a group keeps once compressed: pydyf's own attributes. WeasyPrint's Stream adds its
# painting state (graphics-state stack, font and image tables, buffers for Pango).
_PDF_ATTRIBUTES = frozenset(("number", "offset", "generation", "free", "stream", "extra",
                             "compress"))


class FrozenGroup(pydyf.Stream):
    """A group or pattern whose operators are compressed. It is changed in place rather than
    replaced, because other objects may point to it (a soft mask's ``G``)."""


class SealedGroup(pydyf.Object):
    """A group whose bytes are spilled: only its number is left, for a soft mask's ``G`` that
    may still point to it."""


def freeze(stream):
    """Compress a painted group or pattern, and those nested in it, in place."""
    resources = stream.extra.get("Resources")
    if resources is not None:
        for kind in RESOURCE_KINDS:
            for nested in resources.get(kind, {}).values():
                if isinstance(nested, Stream):  # not an image (None until the end)
                    freeze(nested)
    content = _compressed(stream.stream)
    for name in [name for name in vars(stream) if name not in _PDF_ATTRIBUTES]:
        delattr(stream, name)
    stream.__class__ = FrozenGroup
    stream.stream, stream.compress = [content], False
    stream.extra["Filter"] = "/FlateDecode"


def holds_images(resources):
    """Whether ``resources`` or a group in them draws an image: its placeholder is resolved
    at the end, with the resolution needed by every place the image is drawn."""
    for kind in RESOURCE_KINDS:
        for item in resources.get(kind, {}).values():
            if item is None or holds_images(getattr(item, "extra", {}).get("Resources") or {}):
                return True
    return False


def seal(stream, spill, images, fonts_reference):
    """Spill a top-level group or pattern just painted, with what it uses; its reference.

    Its resources are numbered now, the fonts dictionary by reference (it is filled at the
    end). One that draws an image is only compressed (None is returned): it is resolved at
    the end, as usual.
    """
    freeze(stream)
    resources = stream.extra.get("Resources")
    if resources is not None and holds_images(resources):
        return None
    pdf = spill.pdf
    if resources is not None:
        first = len(pdf.objects)
        stream.extra["Resources"] = _reference_resources(pdf, resources, images,
                                                         fonts_reference, {})
        for number in range(first, len(pdf.objects)):
            spill.put(number)
    pdf.add_object(stream)
    spill.put(stream.number)
    number = stream.number
    stream.__dict__.clear()
    stream.__class__ = SealedGroup
    pydyf.Object.__init__(stream)
    stream.number = number
    return reference(number)


def seal_painted(resources, spill, images, fonts_reference, start):
    """Seal the groups and patterns that ``resources`` gained since it held ``start``
    XObjects, leaving their references in their place; returns how many XObjects it holds."""
    x_objects = resources["XObject"]
    painted = [(x_objects, key) for key in itertools.islice(x_objects, start, None)]
    patterns = resources["Pattern"]
    for table, key in [*painted, *((patterns, key) for key in patterns)]:
        if isinstance(table[key], Stream):  # not an image, nor already sealed
            sealed = seal(table[key], spill, images, fonts_reference)
            if sealed is not None:
                table[key] = sealed
    return len(x_objects)


def set_aside_sealed(resources):
    """Take the sealed references out of ``resources`` for WeasyPrint's ``_use_references``
    (which numbers what is left) and return them, to be put back with ``put_back``."""
    aside = {}
    for kind in RESOURCE_KINDS:
        table = resources.get(kind, {})
        aside[kind] = {key: value for key, value in table.items() if isinstance(value, bytes)}
        for key in aside[kind]:
            del table[key]
    return aside


def put_back(resources, aside):
    for kind, references in aside.items():
        resources[kind].update(references)


class LazyFont(Font):
    """A WeasyPrint font that does not keep a copy of its font file.

    ``Font`` copies the whole file out of HarfBuzz when it is made (~20 MB for a Noto CJK
    collection, a copy per font per document), though subsetting with HarfBuzz reads the face,
    not the copy. Here the copy is dropped and read again only if something asks for it
    (fontTools fallback, variable or colour fonts), and replaced when subsetting sets it.
    """

    @property
    def file_content(self):
        content = self.__dict__.get("_file_content")
        return content if content is not None else get_hb_object_data(self.hb_face)

    @file_content.setter
    def file_content(self, value):
        self.__dict__["_file_content"] = value


class FontTable(dict):
    """The fonts of a document, as WeasyPrint's painting fills them, made lazy on arrival."""

    def __setitem__(self, key, font):
        if type(font) is Font:
            font.__dict__.pop("file_content", None)
            font.__class__ = LazyFont
        super().__setitem__(key, font)
