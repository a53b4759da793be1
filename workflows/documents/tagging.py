"""Tagged PDF (ISO 32000-1 14.7–14.8): the logical structure a screen reader follows, so that an
employee who reads with one hears headings, paragraphs and tables in order, and not the page
furniture.

reportlab writes no structure. While the pages are drawn, `Structure` records it: each flowable
added to a frame becomes an element (H1–H3 for headings, P for paragraphs, Div for the address
block and the contents) around a marked-content sequence of the page (`/P <</MCID n>> BDC … EMC`),
tables become Table → TR → TH/TD through reportlab's table callbacks, and what repeats on every
page (letterhead, running header, footer, page numbers, initials boxes, rules, table grids and
shading, the watermark) is marked as an artifact. `write` then adds the structure tree, its
parent tree and `/MarkInfo` to the PDF (archival.py).
"""

from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)
from reportlab.platypus import Frame, HRFlowable, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import NullDraw

HEADING_ROLES = {"h1": "H1", "h2": "H2", "h3": "H3"}


@dataclass
class Element:
    """A structure element: its role (standard structure type) and its kids in reading order,
    other elements or marked content given as (page index, MCID)."""

    role: str
    kids: list = field(default_factory=list)


class Structure:
    """The structure of one layout, recorded by the canvas while it draws the pages."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.root = Element("Document")
        self.open_elements = [self.root]
        self.next_mcid: dict[int, int] = {}
        self.places: dict[object, Element] = {}

    def place(self, key) -> Element:
        """An element, at this point of the reading order, for content laid on the pages later
        (the originals in the case file), the same for every call with `key`."""
        if key not in self.places:
            self.places[key] = Element("Part")
            self.open_elements[-1].kids.append(self.places[key])
        return self.places[key]

    def open(self, role: str) -> Element:
        element = Element(role)
        self.open_elements[-1].kids.append(element)
        self.open_elements.append(element)
        return element

    def close(self) -> None:
        self.open_elements.pop()

    def begin(self, canv, role: str) -> None:
        """Start a marked-content sequence for the innermost open element."""
        page = canv.getPageNumber() - 1
        mcid = self.next_mcid.get(page, 0)
        self.next_mcid[page] = mcid + 1
        self.open_elements[-1].kids.append((page, mcid))
        canv.addLiteral(f"/{role} <</MCID {mcid}>> BDC")

    @staticmethod
    def end(canv) -> None:
        canv.addLiteral("EMC")


def begin_artifact(canv) -> None:
    canv.addLiteral("/Artifact BMC")


def end_artifact(canv) -> None:
    canv.addLiteral("EMC")


def role_of(flowable) -> str | None:
    """The structure type of a flowable added to a frame; None for what draws nothing (spaces,
    page breaks) or is tagged otherwise (tables by their callback, rules as artifacts). A
    flowable of this application says its own with `structure_role`."""
    if hasattr(flowable, "structure_role"):
        return flowable.structure_role
    if isinstance(flowable, Table | HRFlowable | Spacer | NullDraw | ActionFlowable):
        return None
    if isinstance(flowable, Paragraph):
        return HEADING_ROLES.get(flowable.style.name, "P")
    return "Div"


class TaggedFrame(Frame):
    """A frame that makes an element of each flowable it draws."""

    def add(self, flowable, canv, trySplit=0):
        structure = getattr(canv, "structure", None)
        if structure is None:
            return super().add(flowable, canv, trySplit)
        if isinstance(flowable, HRFlowable):
            begin_artifact(canv)
            added = super().add(flowable, canv, trySplit)
            end_artifact(canv)
            return added
        role = role_of(flowable)
        start = len(canv._code)
        added = super().add(flowable, canv, trySplit)
        if not added or role is None:
            return added
        drawn = canv._code[start:]
        # Nothing drawn, or elements of its own drawn inside it (marked content does not nest).
        if drawn and not any("MCID" in line for line in drawn):
            del canv._code[start:]
            structure.open(role)
            structure.begin(canv, role)
            canv._code.extend(drawn)
            structure.end(canv)
            structure.close()
        return added

    _add = add


def tag_table(table: Table, event: str, *args) -> None:
    """reportlab's table callback (Table(renderCB=…)): rows and cells as TR and TH/TD, the
    shading and the grid as artifacts. The repeated head rows are TH."""
    canv = table.canv
    structure = getattr(canv, "structure", None)
    if structure is None:
        return
    if event == "startTable":
        structure.open("Table")
    elif event in ("startBG", "startLines"):
        begin_artifact(canv)
    elif event in ("endBG", "endLines"):
        end_artifact(canv)
    elif event == "startRow":
        structure.open("TR")
    elif event == "startCell":
        role = "TH" if args[0] < table.repeatRows else "TD"
        structure.open(role)
        structure.begin(canv, role)
    elif event == "endCell":
        structure.end(canv)
        structure.close()
    elif event in ("endRow", "endTable"):
        structure.close()


TYPE, S, P, K, PG, MCID = (NameObject(name) for name in ("/Type", "/S", "/P", "/K", "/Pg", "/MCID"))
STRUCT_ELEM, MCR = NameObject("/StructElem"), NameObject("/MCR")


def write(writer: PdfWriter, root: Element) -> None:
    """Add the structure tree of `root` to the PDF in `writer`: the elements, the parent tree
    that leads from each marked-content sequence back to its element, and /MarkInfo."""
    tree_root = DictionaryObject({TYPE: NameObject("/StructTreeRoot")})
    tree_ref = writer._add_object(tree_root)
    pages = [page.indirect_reference for page in writer.pages]
    parents: dict[int, dict[int, object]] = {}
    document = _element(writer, root, tree_ref, parents, pages)
    tree_root[K] = ArrayObject([document] if document is not None else [])
    numbers = ArrayObject()
    for page in sorted(parents):
        pages[page].get_object()[NameObject("/StructParents")] = NumberObject(page)
        by_mcid = parents[page]
        numbers += [NumberObject(page),
                    writer._add_object(ArrayObject(by_mcid[mcid] for mcid in sorted(by_mcid)))]
    tree_root[NameObject("/ParentTree")] = writer._add_object(
        DictionaryObject({NameObject("/Nums"): numbers}))
    tree_root[NameObject("/ParentTreeNextKey")] = NumberObject(len(pages))
    root_object = writer._root_object
    root_object[NameObject("/StructTreeRoot")] = tree_ref
    root_object[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)})


def _element(writer: PdfWriter, element: Element, parent, parents: dict, pages: list):
    """The PDF object of `element` and its kids; None for an element with nothing in it. Its
    marked content is given by MCID with the element's /Pg when it lies on one page (a cell, a
    paragraph), else by a marked-content reference naming each page."""
    if not element.kids:
        return None
    node = DictionaryObject({TYPE: STRUCT_ELEM, S: NameObject(f"/{element.role}"), P: parent})
    reference = writer._add_object(node)
    on_pages = {kid[0] for kid in element.kids if isinstance(kid, tuple)}
    if len(on_pages) == 1:
        node[PG] = pages[next(iter(on_pages))]
    kids = ArrayObject()
    for kid in element.kids:
        if isinstance(kid, Element):
            child = _element(writer, kid, reference, parents, pages)
            if child is not None:
                kids.append(child)
            continue
        page, mcid = kid
        kids.append(NumberObject(mcid) if len(on_pages) == 1 else DictionaryObject(
            {TYPE: MCR, PG: pages[page], MCID: NumberObject(mcid)}))
        parents.setdefault(page, {})[mcid] = reference
    node[K] = kids
    return reference


def elements_of(reader: PdfReader, page_map: dict[int, int]) -> list[Element]:
    """The structure of a tagged PDF read back, below its Document element, with its page
    indexes replaced by `page_map[index]`: to carry it into a PDF its pages are laid on."""
    tree = reader.trailer["/Root"].get("/StructTreeRoot")
    if tree is None:
        return []
    index_of = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}

    def page_of(reference) -> int:
        return page_map[index_of[reference.idnum]]

    def convert(node) -> Element:
        node = node.get_object()
        element = Element(str(node["/S"]).lstrip("/"))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object()
            if isinstance(kid, int):
                element.kids.append((page_of(node.raw_get("/Pg")), int(kid)))
            elif kid.get("/Type") == "/MCR":
                element.kids.append((page_of(kid.raw_get("/Pg")), int(kid["/MCID"])))
            elif kid.get("/Type") != "/OBJR":
                element.kids.append(convert(kid))
        return element

    documents = [convert(kid) for kid in tree.get("/K", [])]
    return [kid for document in documents for kid in document.kids]
