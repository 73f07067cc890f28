<?php
// A PHP app whose note is for logged-in users only, on PHP's own session module (its PHPSESSID
// cookie). It gives the session a new id at login and after every accepted save
// (session_regenerate_id(true), as PHP's manual advises against session fixation), and clears the
// cookie at logout, as PHP's manual shows. Its note has a strong ETag on reads and writes; a stale
// If-Match is refused with 412, a save without one is accepted.
//
// Recorded by scripts/record-real-servers.ts with Debian's php-cli, run as PHP's built-in server:
// `php -d session.save_path=<folder> -S 127.0.0.1:<port> php-notes.php` (PAGE names the scenario page
// it serves, NOTES_FILE where the note is kept between requests).

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$method = $_SERVER['REQUEST_METHOD'];

function answer(int $status, ?array $body = null): void
{
    http_response_code($status);
    if ($body !== null) {
        header('Content-Type: application/json');
        echo json_encode($body);
    }
    exit;
}

function note_text(): ?string
{
    $file = getenv('NOTES_FILE');
    return is_file($file) ? file_get_contents($file) : 'version 1';
}

function note_etag(string $text): string
{
    return '"' . substr(sha1($text), 0, 16) . '"';
}

if ($path === '/' . basename(getenv('PAGE'))) {
    header('Content-Type: text/html; charset=utf-8');
    readfile(getenv('PAGE'));
    exit;
}

if ($path === '/login' && $method === 'POST') {
    session_start();
    session_regenerate_id(true);
    $_SESSION['user'] = json_decode(file_get_contents('php://input'), true)['user'] ?? '';
    answer(204);
}

if ($path === '/logout' && $method === 'POST') {
    session_start();
    $_SESSION = [];
    $cookie = session_get_cookie_params();
    setcookie(session_name(), '', time() - 42000, $cookie['path'], $cookie['domain'], $cookie['secure'], $cookie['httponly']);
    session_destroy();
    answer(204);
}

if ($path === '/notes/1') {
    session_start();
    if (!isset($_SESSION['user'])) {
        answer(401, ['detail' => 'log in first']);
    }
    $text = note_text();
    if ($method === 'GET') {
        header('ETag: ' . note_etag($text));
        answer(200, ['id' => 1, 'text' => $text]);
    }
    if ($method === 'PUT') {
        $sent = $_SERVER['HTTP_IF_MATCH'] ?? null;
        if ($sent !== null && $sent !== '*' && !in_array(note_etag($text), array_map('trim', explode(',', $sent)), true)) {
            answer(412, ['detail' => 'changed since you read it']);
        }
        $text = json_decode(file_get_contents('php://input'), true)['text'] ?? '';
        file_put_contents(getenv('NOTES_FILE'), $text);
        session_regenerate_id(true);
        header('ETag: ' . note_etag($text));
        answer(200, ['id' => 1, 'text' => $text]);
    }
    answer(405);
}

answer(404);
