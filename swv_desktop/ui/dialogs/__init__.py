"""The record forms and dialogs; ``swv_desktop.ui.openers`` maps each record kind to its form."""
