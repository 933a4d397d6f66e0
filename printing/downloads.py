"""Who may download a handbook's PDF, asked by ``catalog.media`` for every ``/media/handbooks/``
request: the file's name is predictable from the handbook's title, so an edition that is not
offered publicly (or not finished) must not be reachable by guessing it."""

from catalog.media import OTHER_CACHE, PRIVATE_CACHE

from .models import Handbook

STAFF_PERMISSIONS = ("printing.view_handbook", "printing.add_handbook", "printing.change_handbook")


def handbook_file_rule(request, name):
    """Anyone once the handbook is ready and offered publicly; staff who manage handbooks always
    (to check an edition before offering it); nobody else."""
    handbook = Handbook.objects.filter(file=name).only("status", "offered_publicly", "file").first()
    if handbook is None:
        return None
    if handbook.offered_publicly and handbook.is_ready:
        return OTHER_CACHE  # rebuilt under the same name: revalidate
    if any(request.user.has_perm(permission) for permission in STAFF_PERMISSIONS):
        return PRIVATE_CACHE
    return None
