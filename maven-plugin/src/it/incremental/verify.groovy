// All invocations of invoker.goals.N append to the same build.log.
def log = new File(basedir, 'build.log').text
def first = log.indexOf('netjac: 2 models generated, 0 up to date')
def second = log.indexOf('netjac: 2 models up to date')
def third = log.indexOf('netjac: skipped')
assert first >= 0 : 'first run did not generate both models'
assert second > first : 'second run did not find both models up to date'
assert third > second : 'third run (-Dnetjac.skip=true) did not skip'
assert log.count('netjac: generated ') == 2 : 'a model was generated more than once'
assert new File(basedir, 'target/generated-sources/netjac/a/Tiny.java').isFile()
assert new File(basedir, 'target/generated-sources/netjac/b/Other.java').isFile()
return true
