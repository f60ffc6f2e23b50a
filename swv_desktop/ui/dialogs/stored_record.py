"""The form of one stored record opened by its id (a school, a bestuur, a VSO deployment): the
title of a new or an existing one, who may edit, the stored record read through its service and
shown, read again after someone else saved it first, and the opener that shows a calm notice
when the record cannot be read."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.models import Rol
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_base import RecordDialog
from swv_desktop.ui.dialogs.form_base import refusal_dialog


class StoredRecordDialog(RecordDialog):
    """A subclass names its ``titles`` (new, existing), ``editors`` (the roles that may change
    it), ``read_only_note`` and ``min_width``, and implements ``read`` (the service call),
    ``build`` (the fields), ``fill`` (show a stored record) and ``perform_save``."""

    titles: tuple[str, str]
    editors: Collection[Rol]
    read_only_note: str
    min_width: int

    def __init__(
        self,
        ctx: UiContext,
        record_id: int | None = None,
        data: object | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            parent,
            title=self.titles[0] if record_id is None else self.titles[1],
            read_only=ctx.actor.rol not in self.editors,
            read_only_note=self.read_only_note,
            record_id=record_id,
        )
        self.setMinimumWidth(self.min_width)
        self.build(self.add_form())
        if data is not None:
            self.fill(data)
        else:
            self.fill_new()
        self.mark_clean()

    @classmethod
    def read(cls, ctx: UiContext, record_id: int) -> object:
        """The stored record, through its service (subclasses)."""
        raise NotImplementedError

    def build(self, form: QFormLayout) -> None:
        """Add the form's rows to ``form`` (subclasses)."""
        raise NotImplementedError

    def fill(self, data: Any) -> None:
        """Show a stored record (subclasses)."""
        raise NotImplementedError

    def fill_new(self) -> None:
        """The defaults of a new record (none unless a subclass gives them)."""

    def reload_record(self) -> None:
        """Show the record as stored now."""
        assert self.record_id is not None
        self.fill(self.read(self.ctx, self.record_id))
        self.mark_clean()

    @classmethod
    def opener(
        cls, what: str, record_id: int | None, parent: QWidget | None, ctx: UiContext
    ) -> QWidget:
        """The form for ``record_id`` (or a new one); a calm notice, titled after ``what``, when
        it cannot be read."""
        try:
            data = None if record_id is None else cls.read(ctx, record_id)
            return cls(ctx, record_id, data, parent)
        except KnownError as error:
            return refusal_dialog(parent, what, error)
