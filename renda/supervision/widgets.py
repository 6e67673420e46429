"""Widgets shared by supervision's forms."""

from django import forms

from renda.suggestions.attachments import ACCEPT_ATTRIBUTE

# The file types every supervision upload takes (services.common.checked_file):
# the phone's picker offers only those.
DOCUMENT_INPUT = forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})
