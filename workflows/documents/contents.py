"""The case file's table of contents in one layout pass (#16): pdf.render_pdf gives it its
entries before the layout, pdf.NumberedCanvas draws its page numbers once the pages are known."""

from functools import partial

from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers


class ContentsTable(TableOfContents):
    """The case file's table of contents, laid out in the same pass as the rest of the document.

    Its entries (text and level of every heading that enters it) are known from the story before
    the layout, so it takes its final room at once and every later page lands where a second pass
    would put it. Each page number, known only once the pages are laid out, is a form shown at
    the end of its entry's line and drawn by NumberedCanvas at the end, when it also writes
    "Pagina X van Y". Without `expect`, it is reportlab's table of contents, filled by the passes
    of multiBuild.
    """

    deferred = False

    def expect(self, entries: list[tuple[int, str]]) -> None:
        # Until the pages are known, each entry's index stands in for its page number: the number
        # is drawn later, so it never changes the entry's line.
        self._lastEntries = [(level, text, index, None)
                             for index, (level, text) in enumerate(entries)]
        self._entries = []
        self.deferred = True

    def laid_out_as_expected(self) -> bool:
        expected = [(level, text) for level, text, _index, _key in self._lastEntries]
        return [(level, text) for level, text, _page, _key in self._entries] == expected

    def forget(self) -> None:
        """Back to reportlab's table of contents, for multiBuild."""
        self._entries, self._lastEntries, self.deferred = [], [], False

    def wrap(self, available_width, available_height):
        size = super().wrap(available_width, available_height)
        if self.deferred:
            self.canv.setNamedCB("drawTOCEntryEnd",
                                 partial(self._defer_number, available_width, available_height))
        return size

    def _defer_number(self, available_width, available_height, canv, _kind, label):
        index, level = (int(part) for part in label.split(",")[:2])
        x, y = canv._curr_tx_info["cur_x"], canv._curr_tx_info["cur_y"]
        canv.form_at_end(f"ContentsPage{index}", partial(
            self._draw_number, index, level, x, y, available_width, available_height))

    def _draw_number(self, index, level, x, y, available_width, available_height, canv):
        """The dots and page number of entry `index`, as reportlab's own callback draws them at
        the end of the entry's line (x, y: where that line ended, in the cell's coordinates)."""
        dots = " . " if 0 <= self.dotsMinLevel <= level else ""
        canv._curr_tx_info = {"cur_x": x, "cur_y": y}
        drawPageNumbers(canv, self.getLevelStyle(level), [(self._entries[index][2], None)],
                        available_width, available_height, dots)
        del canv._curr_tx_info
