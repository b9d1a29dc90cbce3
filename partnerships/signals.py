"""Keep the directory index current when an organisation's names change,
and invalidate the directory's cached counts when anything it filters on
changes."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accreditation.models import Organisation

INDEXED_FIELDS = {"name", "name_en_fr", "acronym"}


def _bump():
    from .search import bump_directory_version

    # Now (this transaction sees its own writes) and again after commit
    # (so nobody keeps counts cached from before it).
    bump_directory_version()
    transaction.on_commit(bump_directory_version)


@receiver(post_save, sender=Organisation, dispatch_uid="partnerships_directory_index")
def refresh_directory_entry(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    _bump()
    if update_fields is not None and not created and not (INDEXED_FIELDS & set(update_fields)):
        return
    from .search import refresh_entry

    refresh_entry(instance)


@receiver(post_delete, sender=Organisation, dispatch_uid="partnerships_directory_delete")
def organisation_deleted(sender, instance, **kwargs):
    _bump()


def _m2m_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _bump()


for _through in (Organisation.areas.through, Organisation.countries_of_activity.through,
                 Organisation.status_bodies.through):
    m2m_changed.connect(_m2m_changed, sender=_through, dispatch_uid=f"partnerships_dir_{_through.__name__}")
