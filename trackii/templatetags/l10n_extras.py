"""Formatting for the active language that Django does not do itself.

`{{ amount|money:currency }}` writes an amount of money the way the reader's language
does: "€1,234.50" in English, "1 234,50 €" in French, "1.234,50 €" in Spanish. Django
formats dates and plain numbers per language (its locale formats), but has no notion of
a currency: where its symbol goes, how many decimals it has. Babel carries the Unicode
CLDR data for that, the source browsers and operating systems use too.
"""

import datetime
from decimal import Decimal, InvalidOperation

from babel.dates import format_date
from babel.numbers import UnknownCurrencyError, format_currency
from django import template
from django.utils import translation

from trackii.i18n import participant_languages

register = template.Library()


def _babel_locale(language: str) -> str:
    """Django's language code as a Babel locale ("pt-br" → "pt_BR")."""
    return translation.to_locale(language or "en")


@register.filter
def money(amount, currency: str = "") -> str:
    """The amount with its currency, for the active language; "" for no amount."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    try:
        return format_currency(
            value, (currency or "").upper(), locale=_babel_locale(translation.get_language())
        )
    except (UnknownCurrencyError, ValueError):
        return f"{amount} {currency}".strip()


@register.filter(expects_localtime=True)
def full_date(value) -> str:
    """A day written out with its weekday, for the active language: "Monday, October 12,
    2026", "lundi 12 octobre 2026", "12 октября 2026 г.". Django's named formats have no
    such pattern, and a fixed one ("l j F Y") is wrong in Spanish and Russian (the month's
    case, "de"); Babel has CLDR's. A datetime is taken in the template's time zone.
    "" for no value."""
    if not value:
        return ""
    day = value.date() if isinstance(value, datetime.datetime) else value
    return format_date(day, "full", locale=_babel_locale(translation.get_language()))


@register.simple_tag
def shipped_languages() -> list[tuple[str, str]]:
    """Every shipped language as (code, name in that language), for a language switcher.
    Not Django's {% get_available_languages %}: that translates the names ("English"
    becomes "Anglais"), and a reader looks for their own language by its own name."""
    return participant_languages()
