export default function Panel() {
  return <div>ETag Lens panel</div>
}
