from django import template
from django.utils.html import format_html

from trackii.privacy.levels import LEVEL_LABELS
from trackii.privacy.roles import sees_attribution

register = template.Library()


@register.simple_tag
def level_badge(level):
    return format_html(
        '<span class="level-badge level-badge--{}">{}</span>', level, LEVEL_LABELS.get(level, level)
    )


@register.simple_tag
def attribution(item, role):
    """Who logged the item, for organizers and facilitators only; empty for everyone else."""
    if not sees_attribution(role) or item.author_id is None:
        return ""
    return str(item.author)


@register.filter
def isolate(value):
    """`value` in <bdi>, for a name passed into {% blocktranslate %}: typed text, isolated
    so that a right-to-left name cannot reorder the sentence around it."""
    return format_html("<bdi>{}</bdi>", value)
