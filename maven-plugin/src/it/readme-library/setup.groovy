// The README's Maven dependency for Netjac.load and its Example class, exactly as written, go into this project.
def loader = new GroovyClassLoader(getClass().classLoader)
def snippet = loader.parseClass(new File(basedir, '../../../src/it/ReadmeSnippet.groovy'))
def readme = snippet.readme(basedir)
def dependency = snippet.after(readme, 'readme-library-dependency', 'xml')
def version = (new File(basedir, '../../../pom.xml').getText('UTF-8') =~ /(?s)<parent>.*?<version>(.*?)<\/version>/)[0][1]
assert dependency.contains("<version>${version}</version>") : "README's dependency does not use netjac ${version}"
def pom = new File(basedir, 'pom.xml')
assert pom.text.contains('<!-- README-LIBRARY-DEPENDENCY -->')
pom.setText(pom.getText('UTF-8').replace('<!-- README-LIBRARY-DEPENDENCY -->', dependency), 'UTF-8')
def java = new File(basedir, 'src/main/java/Example.java')
java.parentFile.mkdirs()
java.setText(snippet.after(readme, 'readme-library-java', 'java'), 'UTF-8')
return true
