// Where each lab policy keeps its tag, and how a client sends it back (shared by the lab's pages).
// Header policies: the ETag header, echoed in If-Match. eve: the body's _etag, echoed in If-Match.
// couch: the body's _rev (rev in write answers), echoed as _rev in the JSON body; If-Match is ignored.
// dated, dated-lax: no tag; Last-Modified, echoed in If-Unmodified-Since.
// kube: the body's metadata.resourceVersion, echoed in the PUT body's metadata (no If-Match).
// spring: the body's version number (JPA @Version), echoed as version in the JSON body.
// contentful: the body's sys.version number, echoed in the X-Contentful-Version header (no If-Match).
// confluence: the body's version.number; an update sends the next one, that number plus one.
// azure-devops: the body's rev number; an update is a JSON Patch that tests /rev first (PATCH, no PUT).
// scim: the ETag, or a listed note's meta.version (a ListResponse's Resources), echoed in If-Match;
// the body is sent as application/scim+json.
"use strict"
;(function defineLabTags(global) {
  function validatesByDate(policy) {
    return policy === "dated" || policy === "dated-lax"
  }

  function readTag(policy, response, body) {
    if (policy === "eve") return body && typeof body._etag === "string" ? body._etag : null
    if (validatesByDate(policy)) return response.headers.get("Last-Modified")
    if (policy === "kube") {
      const version = body && body.metadata ? body.metadata.resourceVersion : undefined
      return typeof version === "string" ? version : null
    }
    if (policy === "spring") return body && typeof body.version === "number" ? String(body.version) : null
    if (policy === "contentful") {
      const version = body && body.sys ? body.sys.version : undefined
      return typeof version === "number" ? String(version) : null
    }
    if (policy === "confluence") {
      const version = body && body.version ? body.version.number : undefined
      return typeof version === "number" ? String(version) : null
    }
    if (policy === "azure-devops") return body && typeof body.rev === "number" ? String(body.rev) : null
    if (policy === "scim" && body && Array.isArray(body.Resources)) {
      const listed = body.Resources[0]
      return listed && listed.meta && typeof listed.meta.version === "string" ? listed.meta.version : null
    }
    if (policy === "couch") {
      if (body && typeof body._rev === "string") return body._rev
      if (body && typeof body.rev === "string") return body.rev
      return null
    }
    return response.headers.get("ETag")
  }

  // Request init for a PUT of `text`, carrying `tag` the way the policy expects (or no tag when null;
  // "*" is sent as If-Match: * where the policy reads If-Match).
  function putInit(policy, tag, text) {
    if (policy === "azure-devops") return testedPatchInit(tag, text)
    const headers = { "Content-Type": policy === "scim" ? "application/scim+json" : "application/json" }
    const body = { text: text }
    if (tag !== null) {
      if (policy === "couch") body._rev = tag
      else if (policy === "kube") body.metadata = { resourceVersion: tag }
      else if (policy === "spring") body.version = Number(tag)
      else if (policy === "contentful") headers["X-Contentful-Version"] = tag
      else if (policy === "confluence") body.version = { number: Number(tag) + 1 }
      else if (validatesByDate(policy)) headers["If-Unmodified-Since"] = tag
      else if (tag === "*") headers["If-Match"] = "*"
      else if (policy === "eve") headers["If-Match"] = '"' + tag + '"'
      else headers["If-Match"] = tag
    }
    return { method: "PUT", headers: headers, body: JSON.stringify(body) }
  }

  // An Azure DevOps-style update: a JSON Patch (RFC 6902) that tests the revision read first, then
  // sets the text; without a revision (or for "*"), the text alone.
  function testedPatchInit(tag, text) {
    const operations = [{ op: "replace", path: "/text", value: text }]
    if (tag !== null && tag !== "*") operations.unshift({ op: "test", path: "/rev", value: Number(tag) })
    return {
      method: "PATCH",
      headers: { "Content-Type": "application/json-patch+json" },
      body: JSON.stringify(operations)
    }
  }

  async function readJson(response) {
    const text = await response.text()
    if (text === "") return null
    try {
      return JSON.parse(text)
    } catch {
      return null
    }
  }

  global.LabTags = {
    readTag: readTag,
    putInit: putInit,
    readJson: readJson,
    validatesByDate: validatesByDate
  }
})(window)
