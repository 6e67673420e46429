"""``{% load receipts %}``: a receipt number as it is shown and read aloud."""

from django import template

from renda.core.receipts import format_receipt_number

register = template.Library()


@register.filter(name="receipt_number")
def receipt_number_filter(value) -> str:
    """Show a receipt number in groups of four ("2020 1234 5678"); older ones as stored."""
    return format_receipt_number(value)
