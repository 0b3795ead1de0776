"""Signals of the partner-finding forums, for copies kept by apps above this one (the search index).

Business effects never hang on these: they are explicit calls in the services.
"""

from django.dispatch import Signal

# Sent with `idea` when the support service hides an idea (its opening post) or shows it again, inside
# the transaction of the change. The idea row itself is not saved: who may read the idea is read from
# its thread (`permissions.visible_ideas`), so copies that depend on it (the search index) listen here.
idea_hidden_changed = Signal()
