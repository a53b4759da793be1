"""Every issued PDF is an archival PDF (PDF/A, ISO 19005): it carries everything needed to show it
the same way in decades, without this application and without the fonts or colours of the
reader's machine.

- Letters, decisions, minutes and the annual report are PDF/A-1b (ISO 19005-1, level B: the
  printed appearance is preserved). Part 1 is the strictest part (no transparency, no attached
  files) and the one an independent validator on Debian checks (Apache PDFBox Preflight; see
  docs/documents.md).
- The case file is PDF/A-3b (ISO 19005-3): part 3 allows what the case file needs, the originals
  of the issued documents attached byte for byte, each declared as the source of the pages that
  show it (`/AFRelationship /Source`), and the transparent "VERVANGEN" watermark of a superseded
  version.

reportlab writes neither the XMP metadata nor the output intent PDF/A asks for, and ends a
stream's data with `endstream` without the end-of-line marker ISO 19005-1 6.1.7 requires. The
file is therefore written once more with pypdf, which adds the marker, with the metadata
(identical in the document information dictionary and in XMP, 6.7.3) and an sRGB output intent
(the colours are DeviceRGB, 6.2.3).
"""

import io
from datetime import datetime
from datetime import timezone as dt_timezone
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from workflows.documents import tagging
from workflows.documents.tagging import Structure

ICC_PROFILE = Path(__file__).resolve().parent / "colour" / "sRGB.icc"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
# Annotation flag "Print" (ISO 32000-1 12.5.3): PDF/A requires it on every annotation (6.5.3).
PRINT_FLAG = 4
LETTER_PART = 1
CASE_FILE_PART = 3
# The Info keys that PDF/A keeps, each with its XMP twin (ISO 19005-1 6.7.3, table 1). No
# /Producer: the seal (seal.py) adds pyHanko's own, in both places alike, only when there is none.
INFO_KEYS = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator")


def archival(pdf: bytes, *, part: int = LETTER_PART, structure: Structure | None = None) -> bytes:
    """The same document as a PDF/A of the given part, its pages and bytes of content unchanged,
    tagged with the `structure` recorded while it was laid out (tagging.py)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    conform(writer, part=part, structure=structure)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def conform(writer: PdfWriter, *, part: int, structure: Structure | None = None) -> None:
    """Give the document in `writer` what PDF/A asks of it, and its `structure`, before it is
    written."""
    if structure is not None:
        tagging.write(writer, structure.root)
    info = _info(writer)
    root = writer._root_object
    root[NameObject("/Metadata")] = writer._add_object(_metadata_stream(info, part))
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(_output_intent(writer))])
    for page in writer.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            annotation[NameObject("/F")] = NumberObject(PRINT_FLAG)


def attach(writer: PdfWriter, name: str, data: bytes, *, description: str,
           modified: datetime) -> None:
    """Attach `data` as the source of the pages that show it (PDF/A-3, ISO 19005-3 6.8): its
    file name in both forms, a description, its media type and date, and a place in the
    catalogue's list of associated files."""
    embedded = writer.add_attachment(name, data)
    embedded.alternative_name = TextStringObject(name)
    embedded.description = TextStringObject(description)
    embedded.associated_file_relationship = NameObject("/Source")
    embedded.subtype = NameObject("/application/pdf")  # written /application#2Fpdf
    embedded.modification_date = modified
    root = writer._root_object
    if "/AF" not in root:
        root[NameObject("/AF")] = ArrayObject()
    root["/AF"].append(embedded.pdf_object.indirect_reference)


def _info(writer: PdfWriter) -> dict[str, str]:
    """The document information dictionary reduced to the keys written again in XMP below."""
    info = writer._info.get_object()  # reportlab and pypdf always write one
    kept = {key: str(info[key]) for key in (*INFO_KEYS, "/CreationDate", "/ModDate") if key in info}
    info.clear()
    writer.add_metadata(kept)
    return kept


def _xmp_date(pdf_date: str) -> str:
    """D:20261130150000+00'00' → 2026-11-30T15:00:00+00:00 (dates are written in UTC)."""
    moment = datetime.strptime(pdf_date[2:16], "%Y%m%d%H%M%S").replace(tzinfo=dt_timezone.utc)
    return moment.isoformat()


def _metadata_stream(info: dict[str, str], part: int) -> DecodedStreamObject:
    """The XMP packet (ISO 19005-1 6.7), not compressed so that any reader can find it."""
    def text(key):
        return escape(info.get(key, ""))

    created = _xmp_date(info["/CreationDate"]) if "/CreationDate" in info else ""
    modified = _xmp_date(info["/ModDate"]) if "/ModDate" in info else created
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>{part}</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text("/Title")}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{text("/Author")}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt>
<rdf:li xml:lang="x-default">{text("/Subject")}</rdf:li>
</rdf:Alt></dc:description>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>{text("/Creator")}</xmp:CreatorTool>
<xmp:CreateDate>{created}</xmp:CreateDate>
<xmp:ModifyDate>{modified}</xmp:ModifyDate>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Keywords>{text("/Keywords")}</pdf:Keywords>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = DecodedStreamObject()
    stream.set_data(packet.encode("utf-8"))
    stream.update({NameObject("/Type"): NameObject("/Metadata"),
                   NameObject("/Subtype"): NameObject("/XML")})
    return stream


@cache
def _icc_profile() -> bytes:
    """Read once per process: every document carries the same profile."""
    return ICC_PROFILE.read_bytes()


def _output_intent(writer: PdfWriter) -> DictionaryObject:
    profile = DecodedStreamObject()
    profile.set_data(_icc_profile())
    profile[NameObject("/N")] = NumberObject(3)
    profile = profile.flate_encode()
    return DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFA1"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(OUTPUT_CONDITION),
        NameObject("/Info"): TextStringObject(OUTPUT_CONDITION),
        NameObject("/DestOutputProfile"): writer._add_object(profile),
    })
