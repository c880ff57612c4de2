# Ruby's own reading of Gemfiles and gemspecs, for the differential test: a Gemfile is evaluated by
# Bundler's DSL (Bundler::Dsl, no network, nothing installed), a gemspec by Gem::Specification.load.
# Prints {file: [names]} as JSON for the files named on the command line.
require 'bundler'
require 'json'

out = {}
ARGV.each do |path|
  if path.end_with?('.gemspec')
    spec = Gem::Specification.load(path)
    raise "#{path}: not a gemspec" unless spec
    out[path] = spec.dependencies.map(&:name)
  else
    # Bundler places its sources beside the Gemfile it is told about
    ENV['BUNDLE_GEMFILE'] = File.expand_path(path)
    Bundler.reset!
    dsl = Bundler::Dsl.new
    dsl.eval_gemfile(path)
    out[path] = dsl.dependencies.map(&:name)
  end
end
puts JSON.generate(out)
