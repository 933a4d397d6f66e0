"""Run the background work of a bulk import once per object, after the import has committed.

Every page save enqueues background tasks through django-tasks: the search index and Wagtail's
reference index. With the default immediate backend they run at once, inside the save, so a
guide that is created, revised and published is indexed three times over, and the import's
transaction stays open (and the rows it wrote locked) while text is analysed. While an import
writes, this thread's task backend only collects the tasks; ``run`` then runs each distinct
one once, after the commit, as a task worker would. A real task queue is left alone: it
already runs the work elsewhere.
"""

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend


class DeferredTasks:
    def __init__(self, alias=DEFAULT_TASK_BACKEND_ALIAS):
        self.alias = alias
        self.real = None
        self.collector = None

    def __enter__(self):
        real = task_backends[self.alias]
        if isinstance(real, ImmediateBackend):
            self.real = real
            self.collector = DummyBackend(self.alias, {"QUEUES": list(real.queues)})
            task_backends[self.alias] = self.collector  # per thread, like a database connection
        return self

    def __exit__(self, *exc_info):
        if self.real is not None:
            task_backends[self.alias] = self.real
        return False

    def run(self, stage="更新索引"):
        """Run each distinct collected task once; yields ``(stage, done, total)`` as it goes.

        If the caller stops listening (a closed browser tab), the remaining tasks still run:
        the data they index is already committed.
        """
        if self.collector is None:
            return
        distinct = {}
        for result in self.collector.results:
            key = (result.task.module_path, repr(result.args), repr(sorted(result.kwargs.items())))
            distinct.setdefault(key, result)
        self.collector.results.clear()
        tasks, done = list(distinct.values()), 0
        try:
            for result in tasks:
                result.task.enqueue(*result.args, **result.kwargs)
                done += 1
                if done % 50 == 0 or done == len(tasks):
                    yield stage, done, len(tasks)
        finally:
            for result in tasks[done:]:
                result.task.enqueue(*result.args, **result.kwargs)
