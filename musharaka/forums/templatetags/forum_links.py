"""The other direction of a topic's links, for the pages a topic was turned into:
``{% load forum_links %}`` then ``{% forum_topic_of_request item %}`` on a contact request page
(staff or citizen) and ``{% forum_topics_of_consultation consultation %}`` on a consultation page.
Each costs one query and renders nothing when there is no link."""

from django import template

from musharaka.forums import selectors

register = template.Library()


@register.inclusion_tag("forums/forum/_request_link.html")
def forum_topic_of_request(request_obj) -> dict:
    return {"topic": selectors.request_topic(contact_request=request_obj)}


@register.inclusion_tag("forums/forum/_consultation_links.html")
def forum_topics_of_consultation(consultation) -> dict:
    return {"topics": selectors.consultation_topics(consultation=consultation)}
