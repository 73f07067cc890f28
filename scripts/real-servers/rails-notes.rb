# frozen_string_literal: true

# A Rails API whose Note model uses Active Record's optimistic locking: a `lock_version` column
# (Rails guides, "Optimistic Locking"). Its JSON carries `lock_version`; an update that names an
# older one raises ActiveRecord::StaleObjectError, which Rails answers 409 Conflict; an update that
# names none saves over whatever is there. Rails' own middleware adds weak ETags to the answers.
#
# Recorded by scripts/record-real-servers.ts with Debian's ruby-rails (6.1), ruby-sqlite3 and
# ruby-webrick, in production mode; run as `ruby rails-notes.rb <port> <scenario page>`. The notes
# live in an SQLite file in the working folder.
require "logger"
require "rails"
require "active_record/railtie"
require "action_controller/railtie"
require "rack/handler/webrick"

PORT = Integer(ARGV.fetch(0))
PAGE = ARGV.fetch(1)

# No config/database.yml: Rails takes the database from DATABASE_URL.
ENV["DATABASE_URL"] = "sqlite3:#{File.join(Dir.pwd, 'notes.sqlite3')}"

class Note < ActiveRecord::Base
end

class NotesApp < Rails::Application
  config.root = Dir.pwd
  config.eager_load = false
  config.api_only = true
  config.consider_all_requests_local = false
  config.secret_key_base = "etag-lens-recording-only"
  config.hosts.clear
  config.logger = Logger.new($stderr)
  config.log_level = :warn
end

# As `rails generate scaffold` writes it for an API, with `lock_version` permitted (the guides'
# advice: the client sends back the version it edited).
class NotesController < ActionController::API
  wrap_parameters Note, format: [:json]

  def show
    render json: Note.find(params[:id])
  end

  def update
    note = Note.find(params[:id])
    if note.update(params.require(:note).permit(:text, :lock_version))
      render json: note
    else
      render json: note.errors, status: :unprocessable_entity
    end
  end

  def destroy
    Note.find(params[:id]).destroy
    head :no_content
  end
end

class PagesController < ActionController::API
  def scenario
    send_file PAGE, type: "text/html; charset=utf-8", disposition: "inline"
  end
end

Rails.env = "production"
NotesApp.initialize!
NotesApp.routes.draw do
  resources :notes, only: %i[show update destroy]
  get "/#{File.basename(PAGE)}", to: "pages#scenario"
end
ActiveRecord::Schema.verbose = false
ActiveRecord::Schema.define do
  create_table :notes, force: true do |t|
    t.text :text
    t.integer :lock_version, default: 0, null: false
    t.timestamps
  end
end
Note.create!(text: "version 1")

Rack::Handler::WEBrick.run(NotesApp, Host: "127.0.0.1", Port: PORT, AccessLog: [], Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
