"""Saving a photo's markup: vectors on the Photo record (Photo.annotations), never drawn into the
original. The markup editor calls this; reports and the viewer draw what it stored."""

from ..core.model import Photo
from ..photos.markup import validate
from .identity import signed_in
from .store import Store


def save_markup(store: Store, photo_id: str, annotations: list[dict]) -> Photo:
    """Replace the photo's markup, as the signed-in user; markup that is not well formed is
    refused (MarkupError naming the first bad annotation) and nothing is stored."""
    signed_in(store)
    photo = store.get(Photo, photo_id)
    photo.annotations = validate([dict(a) for a in annotations])
    return store.save(photo)
