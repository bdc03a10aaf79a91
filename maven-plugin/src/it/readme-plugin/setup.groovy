// The README's consumer pom.xml, exactly as written, becomes this project's pom.
def loader = new GroovyClassLoader(getClass().classLoader)
def snippet = loader.parseClass(new File(basedir, '../../../src/it/ReadmeSnippet.groovy'))
def readme = snippet.readme(basedir)
def pom = snippet.after(readme, 'readme-plugin-pom', 'xml')
def version = (new File(basedir, '../../../pom.xml').getText('UTF-8') =~ /(?s)<parent>.*?<version>(.*?)<\/version>/)[0][1]
assert pom.contains("<version>${version}</version>") : "README's pom does not use netjac ${version}"
new File(basedir, 'pom.xml').setText(pom, 'UTF-8')
return true
